"""Approving a supplier that lacks a valid certificate the organisation requires: an
explicit override with its reason (recorded on the transition, the supplier and in the audit
trail), or refused by the organisation's setting; the pages and the API obey the same rule."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from relmgmt.audit.models import AuditEvent
from relmgmt.core.scoping import org_scope
from relmgmt.tenancy import services as tenancy_services
from suppliers.models import SupplierTransition

from ..conftest import PASSWORD
from .test_approval import make, move
from .test_certificates import add


def configure(org, admin, **sections):
    tenancy_services.organization_update(
        organization=org,
        actor=admin.user,
        name=org.name,
        timezone_name=org.timezone,
        require_mfa=False,
        **sections,
    )
    org.refresh_from_db()


def test_approving_without_a_required_certificate_needs_an_override_with_its_reason(
    org, admin, manager
):
    configure(org, admin, required_certificate_types=["iso_9001"])
    supplier = move(org, manager.user, make(org, manager.user), "evaluate")
    with pytest.raises(ValidationError) as refused:
        move(org, manager.user, supplier, "approve", password=PASSWORD)
    assert "ISO 9001 missing" in str(refused.value.message_dict["certificate_override"])
    with org_scope(org):
        assert SupplierTransition.objects.filter(to_status="approved").count() == 0
    move(
        org,
        manager.user,
        supplier,
        "approve",
        password=PASSWORD,
        certificate_override="Certification audit passed; certificate in the post",
    )
    assert supplier.status == "approved"
    assert supplier.certificate_override == (
        "ISO 9001 missing. Approved anyway: Certification audit passed; certificate in the post"
    )
    with org_scope(org):
        transition = SupplierTransition.objects.get(to_status="approved")
        assert transition.certificate_override == supplier.certificate_override
        event = AuditEvent.objects.filter(
            model_label="suppliers.supplier", object_id=str(supplier.pk), action="update"
        ).latest("seq")
        assert event.changes["certificate_override"][1] == supplier.certificate_override
    # The next change of status clears it; an approval with a valid certificate needs none.
    move(org, manager.user, supplier, "evaluate")
    assert supplier.certificate_override == ""
    add(org, manager.user, supplier)
    move(org, manager.user, supplier, "approve", password=PASSWORD)
    assert supplier.status == "approved" and supplier.certificate_override == ""


def test_the_organisation_may_refuse_such_approvals_outright(org, admin, manager):
    configure(
        org,
        admin,
        required_certificate_types=["iso_9001"],
        approval_without_certificate="refuse",
    )
    supplier = move(org, manager.user, make(org, manager.user), "evaluate")
    for action, extra in (
        ("approve", {}),
        (
            "approve_conditionally",
            {"conditions": "x", "conditions_until": timezone.localdate() + timedelta(days=30)},
        ),
    ):
        with pytest.raises(ValidationError) as refused:
            move(
                org,
                manager.user,
                supplier,
                action,
                password=PASSWORD,
                certificate_override="Please",
                **extra,
            )
        assert "settings refuse" in str(refused.value.message_dict["action"])
    # Other moves are not concerned.
    move(org, manager.user, supplier, "disqualify", password=PASSWORD)
    assert supplier.status == "disqualified"
    with pytest.raises(ValidationError):
        configure(org, admin, approval_without_certificate="sometimes")


def test_the_pages_and_the_api_ask_for_the_override_and_show_it(
    org, admin, manager, auditor, client_for, api_client_for
):
    configure(org, admin, required_certificate_types=["iso_9001"])
    supplier = move(org, manager.user, make(org, manager.user), "evaluate")
    client = client_for(manager)
    url = f"/o/{org.slug}/suppliers/{supplier.pk}/status/approve/"
    form = client.get(url).text
    assert "ISO 9001 missing" in form and "certificate_override" in form
    refused = client.post(url, {"reason": "Audit passed", "password": PASSWORD})
    assert refused.status_code == 200 and "give the reason for the override" in refused.text
    done = client.post(
        url,
        {"reason": "Audit passed", "password": PASSWORD, "certificate_override": "Cert due"},
        follow=True,
    )
    assert "recorded and signed" in done.text
    page = client_for(auditor).get(f"/o/{org.slug}/suppliers/{supplier.pk}/").text
    assert "Approved without a required certificate" in page and "Cert due" in page
    # The API obeys the same rule and shows the override.
    other = move(org, manager.user, make(org, manager.user, name="Other", code="O1"), "evaluate")
    api = api_client_for(manager)
    endpoint = f"/api/v1/o/{org.slug}/suppliers/{other.pk}/transition/"
    body = {"action": "approve", "reason": "ok", "password": PASSWORD}
    refused = api.post(endpoint, body, format="json")
    assert refused.status_code == 400
    assert "certificate_override" in refused.json()["error"]["fields"]
    done = api.post(endpoint, {**body, "certificate_override": "Renewal booked"}, format="json")
    assert done.status_code == 200
    assert "Renewal booked" in done.json()["certificate_override"]
    assert "Renewal booked" in done.json()["transitions"][0]["certificate_override"]
    # The auditor reads the setting.
    settings_page = client_for(auditor).get(f"/o/{org.slug}/settings/").text
    assert "Approving a supplier without a required certificate" in settings_page
