"""Approval of suppliers: allowed transitions, reasons, signatures, and the approved supplier
list today and as of a past date."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from relmgmt import policy
from relmgmt.audit.models import AuditEvent, Signature
from relmgmt.core.dates import add_months, organization_today
from relmgmt.core.scoping import org_scope
from relmgmt.policy import Role
from suppliers.models import SupplierTransition
from suppliers.selectors import approval as approval_selectors
from suppliers.services import approval
from suppliers.services import register as services
from tests.support.lazy_panels import with_panels

from ..conftest import PASSWORD


def make(organization, actor, **data):
    data = {"name": "Northwind Castings", "code": "N1", "categories": ["components"], **data}
    return services.supplier_create(organization=organization, actor=actor, data=data)


def move(organization, actor, supplier, action, **kwargs):
    kwargs.setdefault("reason", f"reason for {action}")
    approval.supplier_transition(
        organization=organization, actor=actor, supplier=supplier, action=action, **kwargs
    )
    with org_scope(organization):
        supplier.refresh_from_db()
    return supplier


def asl(organization, **when):
    with org_scope(organization):
        return approval_selectors.approved_suppliers(organization=organization, **when)


def counts(organization):
    with org_scope(organization):
        return (
            SupplierTransition.objects.count(),
            Signature.objects.count(),
            AuditEvent.objects.count(),
        )


def test_only_admins_and_managers_transition_suppliers():
    assert policy.PERMISSIONS["suppliers.transition"] == {Role.ADMIN, Role.MANAGER}


def test_a_supplier_is_evaluated_then_approved_with_a_signature(org, manager):
    supplier = make(org, manager.user, criticality="critical")
    move(org, manager.user, supplier, "evaluate", reason="Quote and questionnaire received")
    assert supplier.status == "under_evaluation"
    move(org, manager.user, supplier, "approve", reason="Audit passed", password=PASSWORD)
    assert supplier.status == "approved"
    # A critical supplier is re-evaluated a year after its approval, unless a date is set.
    assert supplier.next_evaluation_due == add_months(organization_today(org), 12)
    with org_scope(org):
        evaluate, approve = SupplierTransition.objects.order_by("occurred_at", "id")
        assert (evaluate.from_status, evaluate.to_status) == ("prospective", "under_evaluation")
        assert evaluate.signature is None and evaluate.actor == manager.user
        assert approve.reason == "Audit passed" and approve.signature is not None
        assert approve.signature.signer == manager.user
        assert "Approved the supplier Northwind Castings (N1)" in approve.signature.meaning
        assert approval.signature_is_current(approve) is True
        event = AuditEvent.objects.filter(
            model_label="suppliers.supplier", object_id=str(supplier.pk), action="update"
        ).latest("seq")
        assert event.reason == "Audit passed"
        assert event.changes["status"] == ["under_evaluation", "approved"]


def test_a_transition_the_status_does_not_allow_is_refused_naming_the_allowed_ones(org, manager):
    supplier = make(org, manager.user)
    before = counts(org)
    with pytest.raises(ValidationError) as refused:
        move(org, manager.user, supplier, "approve", password=PASSWORD)
    message = str(refused.value)
    assert "prospective cannot be approved" in message
    assert "start an evaluation (evaluate)" in message and "disqualify (disqualify)" in message
    assert counts(org) == before
    with pytest.raises(ValidationError) as unknown:
        move(org, manager.user, supplier, "promote")
    assert "action" in unknown.value.message_dict


@pytest.mark.parametrize("action", ["approve", "approve_conditionally", "disqualify"])
def test_weighty_transitions_need_the_right_password_and_leave_nothing_without(
    org, manager, action
):
    supplier = move(org, manager.user, make(org, manager.user), "evaluate")
    extra = (
        {
            "conditions": "Weekly 8D reports",
            "conditions_until": timezone.localdate() + timedelta(90),
        }
        if action == "approve_conditionally"
        else {}
    )
    before = counts(org)
    with pytest.raises(ValidationError) as missing:
        move(org, manager.user, supplier, action, **extra)
    assert "password" in missing.value.message_dict
    with pytest.raises(ValidationError) as wrong:
        move(org, manager.user, supplier, action, password="not-my-password", **extra)
    assert "password" in wrong.value.message_dict
    assert counts(org) == before
    assert supplier.status == "under_evaluation"
    move(org, manager.user, supplier, action, password=PASSWORD, **extra)
    assert counts(org)[1] == before[1] + 1


def test_a_reason_is_required(org, manager):
    supplier = make(org, manager.user)
    with pytest.raises(ValidationError) as refused:
        move(org, manager.user, supplier, "evaluate", reason="  ")
    assert "reason" in refused.value.message_dict


def test_conditional_approval_needs_conditions_and_a_future_end_date(org, manager):
    supplier = move(org, manager.user, make(org, manager.user), "evaluate")
    for extra, field in [
        ({"conditions_until": timezone.localdate() + timedelta(30)}, "conditions"),
        ({"conditions": "8D within 10 days"}, "conditions_until"),
        ({"conditions": "8D", "conditions_until": timezone.localdate()}, "conditions_until"),
    ]:
        with pytest.raises(ValidationError) as refused:
            move(org, manager.user, supplier, "approve_conditionally", password=PASSWORD, **extra)
        assert field in refused.value.message_dict
    until = timezone.localdate() + timedelta(60)
    move(org, manager.user, supplier, "approve_conditionally", password=PASSWORD,
         conditions="8D within 10 days", conditions_until=until)  # fmt: skip
    assert supplier.status == "conditionally_approved" and supplier.conditions_until == until
    move(org, manager.user, supplier, "approve", password=PASSWORD)
    assert supplier.conditions == "" and supplier.conditions_until is None


def test_auditors_and_portal_users_may_not_transition(org, manager, auditor, supplier_member):
    supplier = make(org, manager.user)
    for person in (auditor.user, supplier_member.user):
        with pytest.raises(PermissionDenied):
            move(org, person, supplier, "evaluate")
    assert supplier.status == "prospective"


def test_a_supplier_of_another_organisation_cannot_be_transitioned(org, other_org, manager,
                                                                   outsider):  # fmt: skip
    foreign = make(other_org, outsider.user)
    with pytest.raises(ValidationError):
        move(org, manager.user, foreign, "evaluate")


def test_the_asl_as_of_a_past_moment_is_what_it_was_then_after_later_changes(org, manager):
    alpha = move(org, manager.user, make(org, manager.user, name="Alpha", code="A"), "evaluate")
    beta = move(org, manager.user, make(org, manager.user, name="Beta", code="B"), "evaluate")
    move(org, manager.user, alpha, "approve", password=PASSWORD, reason="audit passed")
    then = timezone.now()
    approved_then = [(e.code, e.name, e.status) for e in asl(org)]
    assert approved_then == [("A", "Alpha", "approved")]
    # Later: alpha is suspended and renamed, beta approved with conditions.
    move(org, manager.user, alpha, "suspend", password=PASSWORD, reason="late deliveries")
    services.supplier_update(organization=org, actor=manager.user, supplier=alpha,
                             data={"name": "Alpha Renamed", "criticality": "critical"})  # fmt: skip
    move(org, manager.user, beta, "approve_conditionally", password=PASSWORD,
         conditions="8D", conditions_until=timezone.localdate() + timedelta(30))  # fmt: skip
    now = asl(org)
    assert [(e.code, e.status) for e in now] == [("B", "conditionally_approved")]
    past = asl(org, at=then)
    assert [(e.code, e.name, e.status, e.criticality) for e in past] == [
        ("A", "Alpha", "approved", "minor")
    ]
    assert past[0].approved_since is not None and past[0].approved_since <= then
    yesterday = timezone.localdate() - timedelta(days=1)
    assert asl(org, on=yesterday) == []


def test_the_asl_pages_pdf_csv_and_api_for_today_and_a_past_date(
    org, manager, auditor, client_for, api_client_for
):
    supplier = move(org, manager.user, make(org, manager.user, name="Zeta =Tools"), "evaluate")
    move(org, manager.user, supplier, "approve", password=PASSWORD)
    client = client_for(auditor)
    base = f"/o/{org.slug}/suppliers/approved"
    assert "Zeta =Tools" in client.get(f"{base}/").text
    yesterday = (timezone.localdate() - timedelta(days=1)).isoformat()
    page = client.get(f"{base}/?date={yesterday}").text
    assert "Zeta" not in page and f"as of {yesterday}" in page
    assert "past date" in client.get(f"{base}/?date=2999-01-01").text
    assert client.get(f"{base}/?date=rubbish").status_code == 200
    pdf = client.get(f"{base}.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client.get(f"{base}.pdf?date={yesterday}").content.startswith(b"%PDF")
    csv = client.get(f"{base}.csv").content.decode()
    assert "N1,'=" not in csv and "'=Tools" not in csv and "Zeta =Tools" in csv
    assert client.get(f"{base}.xls").status_code == 404
    api = api_client_for(auditor)
    url = f"/api/v1/o/{org.slug}/approved-suppliers/"
    today = api.get(url).json()
    assert [s["code"] for s in today["suppliers"]] == ["N1"] and not today["from_history"]
    past = api.get(f"{url}?date={yesterday}").json()
    assert past["suppliers"] == [] and past["from_history"] and past["date"] == yesterday
    assert api.get(f"{url}?date=2999-01-01").status_code == 400
    assert api.get(f"{url}?date=nope").status_code == 400


def test_transitions_through_the_pages_and_the_api(org, manager, auditor, client_for,
                                                   api_client_for):  # fmt: skip
    supplier = make(org, manager.user)
    client = client_for(manager)
    url = f"/o/{org.slug}/suppliers/{supplier.pk}/status"
    refused = client.get(f"{url}/approve/", follow=True)
    assert "cannot be approved" in refused.text
    assert client.get(f"{url}/promote/").status_code == 404
    assert client.post(f"{url}/evaluate/", {"reason": ""}).status_code == 200
    assert client.post(f"{url}/evaluate/", {"reason": "Quote in"}).status_code == 302
    form = client.get(f"{url}/approve/")
    assert form.status_code == 200 and 'type="password"' in form.text
    wrong = client.post(f"{url}/approve/", {"reason": "ok", "password": "nope"})
    assert wrong.status_code == 200 and "password is not right" in wrong.text
    done = client.post(f"{url}/approve/", {"reason": "ok", "password": PASSWORD}, follow=True)
    assert "recorded and signed" in done.text
    assert "Signed by" in with_panels(client, f"/o/{org.slug}/suppliers/{supplier.pk}/")
    api = api_client_for(manager)
    endpoint = f"/api/v1/o/{org.slug}/suppliers/{supplier.pk}/transition/"
    refused = api.post(endpoint, {"action": "approve", "reason": "x"}, format="json")
    assert refused.status_code == 400 and "Allowed" in str(refused.json())
    unsigned = api.post(endpoint, {"action": "suspend", "reason": "x"}, format="json")
    assert unsigned.status_code == 400 and "password" in unsigned.json()["error"]["fields"]
    suspended = api.post(
        endpoint, {"action": "suspend", "reason": "late", "password": PASSWORD}, format="json"
    )
    assert suspended.status_code == 200 and suspended.json()["status"] == "suspended"
    assert suspended.json()["transitions"][0]["signed_by"]
    audit_api = api_client_for(auditor)
    assert (
        audit_api.post(endpoint, {"action": "evaluate", "reason": "x"}, format="json").status_code
        == 403
    )
