"""Deliveries through the API: one at a time, and in bulk, all or nothing with problems
named row by row in the API's one error shape."""

import pytest

from relmgmt.audit.models import AuditEvent
from relmgmt.core.scoping import org_scope
from suppliers.models import Delivery
from suppliers.services import deliveries as services


@pytest.fixture
def supplier(org, make_supplier):
    return make_supplier(org, code="SUP-1")


def row(**changes):
    data = {
        "supplier_code": "SUP-1",
        "order_reference": "PO-1",
        "item": "Bolt M8",
        "promised_date": "2026-05-01",
        "received_date": "2026-05-03",
        "quantity_ordered": "100",
        "quantity_received": "100",
    }
    data.update(changes)
    return data


def count(org) -> int:
    with org_scope(org):
        return Delivery.objects.count()


def url(org, suffix=""):
    return f"/api/v1/o/{org.slug}/deliveries/{suffix}"


def test_a_manager_creates_reads_changes_and_deletes(org, manager, supplier, api_client_for):
    client = api_client_for(manager)
    body = {**row(), "supplier": supplier.pk, "quantity_received": "105"}
    del body["supplier_code"]
    response = client.post(url(org), body, format="json")
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["over_delivery"] is True and created["supplier_code"] == "SUP-1"
    pk = created["id"]
    response = client.patch(url(org, f"{pk}/"), {"quantity_received": "-3"}, format="json")
    assert response.status_code == 400
    assert "quantity_received" in response.json()["error"]["fields"]
    response = client.patch(url(org, f"{pk}/"), {"quantity_received": "90"}, format="json")
    assert response.json()["over_delivery"] is False
    assert client.get(url(org, "?late=true")).json()["count"] == 1
    assert client.delete(url(org, f"{pk}/")).status_code == 400  # a reason is needed
    assert client.delete(url(org, f"{pk}/?reason=Duplicate")).status_code == 204
    assert count(org) == 0


def test_bulk_creates_every_row_and_audits_each(org, manager, supplier, api_client_for):
    rows = [row(order_reference=f"PO-{n}") for n in range(50)]
    rows[7]["quantity_received"] = "101"
    response = api_client_for(manager).post(url(org, "bulk/"), rows, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["created"] == 50 and len(response.json()["ids"]) == 50
    assert response.json()["over_delivered"] == [7]
    with org_scope(org):
        events = AuditEvent.objects.filter(model_label="suppliers.delivery", action="create")
        assert events.count() == 50
        assert set(events.values_list("reason", flat=True)) == {"Posted in bulk through the API"}


def test_bulk_is_all_or_nothing_naming_each_bad_row(org, manager, supplier, api_client_for):
    rows = [
        row(),
        row(quantity_ordered="-1"),
        row(supplier_code="NOPE"),
        row(received_date="not a date"),
        row(quantity_rejected="5", quantity_received="2"),
        {"no": "fields"},
    ]
    client = api_client_for(manager)
    response = client.post(url(org, "bulk/"), rows, format="json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid" and "nothing is saved" in error["message"]
    named = {(problem["index"], problem["field"]) for problem in error["rows"]}
    assert {
        (1, "quantity_ordered"),
        (2, "supplier_code"),
        (3, "received_date"),
        (4, "quantity_rejected"),
        (4, "rejection_reason"),
        (5, "order_reference"),
    } <= named
    assert 0 not in {problem["index"] for problem in error["rows"]}
    assert count(org) == 0
    # Knowingly, the valid rows only: the others come back as skipped.
    response = client.post(url(org, "bulk/?valid_only=true"), rows, format="json")
    assert response.status_code == 201
    assert response.json()["created"] == 1 and response.json()["skipped"]
    assert response.json()["over_delivered"] == []
    assert count(org) == 1


def test_bulk_refuses_too_many_rows_and_a_body_that_is_not_a_list(
    org, manager, supplier, api_client_for
):
    client = api_client_for(manager)
    too_many = [row()] * (services.MAX_BULK_ROWS + 1)
    response = client.post(url(org, "bulk/"), too_many, format="json")
    assert response.status_code == 400 and "at most" in response.json()["error"]["message"]
    response = client.post(url(org, "bulk/"), {"order_reference": "x"}, format="json")
    assert response.status_code == 400 and response.json()["error"]["rows"] == []
    assert client.post(url(org, "bulk/"), [], format="json").status_code == 400
    assert count(org) == 0


def test_bulk_does_not_reach_another_organisations_supplier(
    org, other_org, manager, supplier, make_supplier, api_client_for
):
    foreign = make_supplier(other_org, code="FOREIGN")
    by_id = {**row(), "supplier": foreign.pk}
    del by_id["supplier_code"]
    rows = [row(supplier_code="FOREIGN"), by_id]
    response = api_client_for(manager).post(url(org, "bulk/"), rows, format="json")
    assert response.status_code == 400
    assert {p["field"] for p in response.json()["error"]["rows"]} == {"supplier_code", "supplier"}


def test_an_auditor_may_not_post_in_bulk(org, auditor, supplier, api_client_for):
    response = api_client_for(auditor).post(url(org, "bulk/"), [row()], format="json")
    assert response.status_code == 403 and count(org) == 0
