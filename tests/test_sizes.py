"""Sizes: the API answers in JSON whatever goes wrong (a body too large is 413), the
documented bulk fits the request limit, one length limit per text field holds on the page,
in the API and in bulk, and a file over the limit is said to be over it."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from relmgmt.core.scoping import org_scope
from suppliers.models import Delivery
from suppliers.services import deliveries as services
from suppliers.services.certificates import check_upload

from .suppliers.test_deliveries_api import row, url


@pytest.fixture
def supplier(org, make_supplier):
    return make_supplier(org, code="SUP-1")


def _json_error(response, status):
    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    return response.json()["error"]


def test_a_body_over_the_limit_is_a_json_413(org, manager, supplier, api_client_for, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    rows = [row(rejection_reason="x" * 300) for _ in range(40)]
    response = api_client_for(manager).post(url(org, "bulk/"), rows, format="json")
    error = _json_error(response, 413)
    assert error["code"] == "too_large"


def test_api_errors_outside_the_api_views_are_json(manager, api_client_for):
    error = _json_error(api_client_for(manager).get("/api/v1/no-such-thing/"), 404)
    assert error["code"] == "not_found"


def test_the_documented_bulk_at_the_field_limits_fits_the_request_limit(settings):
    at_limits = row(
        supplier_code="S" * 32,
        order_reference="O" * services.MAX_LENGTH["order_reference"],
        item="I" * services.MAX_LENGTH["item"],
        quantity_ordered="1234567890.123",
        quantity_received="1234567890.123",
        quantity_rejected="1234567890.123",
        rejection_reason="R" * services.MAX_LENGTH["rejection_reason"],
    )
    body = json.dumps([at_limits] * services.MAX_BULK_ROWS)
    assert len(body.encode()) <= settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def test_five_thousand_rows_with_a_reason_each_are_read(org, manager, api_client_for):
    # Over the old 2.5 MB limit: the rows are read and answered row by row (no supplier).
    rows = [row(supplier_code="NONE", rejection_reason="r" * 300) for _ in range(5000)]
    response = api_client_for(manager).post(url(org, "bulk/"), rows, format="json")
    error = _json_error(response, 400)
    assert len({problem["index"] for problem in error["rows"]}) == 5000


def test_a_rejection_reason_has_one_limit_everywhere(
    org, manager, supplier, api_client_for, client_for
):
    too_long = "r" * (services.MAX_LENGTH["rejection_reason"] + 1)
    client = api_client_for(manager)
    one = row(supplier=supplier.pk, quantity_rejected="1", rejection_reason=too_long)
    del one["supplier_code"]
    error = _json_error(client.post(url(org), one, format="json"), 400)
    assert "rejection_reason" in error["fields"]
    bulk = [row(quantity_rejected="1", rejection_reason=too_long)]
    error = _json_error(client.post(url(org, "bulk/"), bulk, format="json"), 400)
    assert [problem["field"] for problem in error["rows"]] == ["rejection_reason"]
    page = client_for(manager).post(
        f"/o/{org.slug}/deliveries/new/",
        {**one, "quantity_ordered": "10", "quantity_received": "10"},
    )
    assert page.status_code == 200 and "Keep the reason to 2000 characters" in page.content.decode()
    with org_scope(org):
        assert not Delivery.objects.exists()


def test_a_file_one_byte_over_the_limit_is_said_to_be_over_it(settings):
    settings.RELMGMT_CERTIFICATE_MAX_BYTES = 10 * 1024 * 1024
    big = b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024 - 8)
    assert len(big) == 10_485_761
    with pytest.raises(ValidationError) as refused:
        check_upload(SimpleUploadedFile("big.pdf", big))
    assert refused.value.message_dict["file"] == ["The file is 10.1 MB; the limit is 10 MB."]
