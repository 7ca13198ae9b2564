"""Re-evaluations: due dates by criticality (the organisation's choice), the decision
carried out through the approval transition (signed where it must be), all or nothing,
the evidence copied, and the reminder moved with the due date."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from relmgmt.audit.models import Signature
from relmgmt.core.dates import add_months, organization_today
from relmgmt.core.scoping import org_scope
from relmgmt.tenancy import services as tenancy_services
from suppliers import schedule_settings
from suppliers.models import ReEvaluation, Supplier, SupplierTransition
from suppliers.services import approval
from suppliers.services import reevaluations as reevaluation_services
from suppliers.services.scorecards.snapshots import questionnaire_snapshot, scorecard_snapshot

from ..conftest import PASSWORD
from .helpers_reviews import approved, certificate, open_reminders


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def schedule(org, admin, **changes):
    values = {
        "reevaluation_months_critical": 12,
        "reevaluation_months_major": 24,
        "reevaluation_months_minor": 36,
        "reevaluation_remind_days": 30,
        "agreement_first_warning_days": 60,
        "agreement_last_warning_days": 30,
        **changes,
    }
    return tenancy_services.organization_update(
        organization=org,
        actor=admin.user,
        name=org.name,
        timezone_name=org.timezone,
        require_mfa=org.require_mfa,
        supplier_schedule=values,
    )


def record(org, actor, supplier, **data):
    data = {
        "evaluated_on": organization_today(org),
        "evaluator": actor,
        "decision": "continue",
        "reason": "Still meets our requirements",
        **data,
    }
    password = data.pop("password", "")
    return reevaluation_services.reevaluation_record(
        organization=org, actor=actor, supplier=supplier, data=data, password=password
    )


def state(org, supplier):
    with org_scope(org):
        fresh = Supplier.objects.get(pk=supplier.pk)
        return (
            fresh.status,
            fresh.next_evaluation_due,
            ReEvaluation.objects.count(),
            SupplierTransition.objects.count(),
            Signature.objects.count(),
        )


@pytest.mark.parametrize(
    ("criticality", "months"), [("critical", 12), ("major", 24), ("minor", 36)]
)
def test_approval_sets_the_first_due_date_by_criticality(
    org, manager, make_supplier, criticality, months
):
    supplier = approved(org, manager.user, make_supplier, criticality=criticality)
    assert supplier.next_evaluation_due == add_months(organization_today(org), months)


def test_the_organisation_chooses_the_intervals_and_approval_uses_them(
    org, admin, manager, make_supplier
):
    schedule(org, admin, reevaluation_months_critical=6, reevaluation_months_minor=48)
    assert schedule_settings.reevaluation_months(org, "critical") == 6
    assert schedule_settings.reevaluation_months(org, "major") == 24
    critical = approved(org, manager.user, make_supplier, criticality="critical")
    minor = approved(org, manager.user, make_supplier, criticality="minor")
    today = organization_today(org)
    assert critical.next_evaluation_due == add_months(today, 6)
    assert minor.next_evaluation_due == add_months(today, 48)


def test_bad_schedule_settings_are_refused_naming_the_field(org, admin):
    with pytest.raises(ValidationError) as error:
        schedule(org, admin, reevaluation_months_major=0)
    assert "reevaluation_months_major" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        schedule(org, admin, agreement_first_warning_days=30, agreement_last_warning_days=30)
    assert "agreement_last_warning_days" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        schedule(org, admin, reevaluation_remind_days="soon")
    assert "whole number" in error.value.message_dict["reevaluation_remind_days"][0]


def test_continue_keeps_the_status_moves_the_due_date_and_its_reminder(
    org, admin, manager, make_supplier
):
    schedule(org, admin, reevaluation_months_major=18, reevaluation_remind_days=45)
    supplier = approved(org, manager.user, make_supplier, criticality="major", owner=manager.user)
    today = organization_today(org)
    evaluated_on = today - timedelta(days=10)
    transitions_before = state(org, supplier)[3]
    done = record(org, manager.user, supplier, evaluated_on=evaluated_on)
    due = add_months(evaluated_on, 18)
    assert done.next_evaluation_due == due
    assert done.transition is None
    status, next_due, _count, transitions, _signatures = state(org, supplier)
    assert (status, next_due, transitions) == ("approved", due, transitions_before)
    # Reminded 45 days before; escalated 14 and 28 days after the due date.
    assert open_reminders(org, supplier) == [
        ("suppliers.reevaluation_due", 0, due.isoformat(), (due - timedelta(45)).isoformat()),
        ("suppliers.reevaluation_due", 1, due.isoformat(), (due + timedelta(14)).isoformat()),
        ("suppliers.reevaluation_due", 2, due.isoformat(), (due + timedelta(28)).isoformat()),
    ]


def test_an_overdue_supplier_is_reminded_today_and_escalated(org, manager, make_supplier):
    supplier = approved(org, manager.user, make_supplier, criticality="critical")
    today = organization_today(org)
    evaluated_on = today - timedelta(days=400)
    record(org, manager.user, supplier, evaluated_on=evaluated_on)
    due = add_months(evaluated_on, 12)
    assert due < today
    reminders = open_reminders(org, supplier)
    assert reminders[0][2:] == (due.isoformat(), today.isoformat())
    assert [level for _kind, level, _due, _send in reminders] == [0, 1, 2]


def test_suspending_runs_the_transition_and_is_signed(org, manager, make_supplier):
    supplier = approved(org, manager.user, make_supplier)
    done = record(
        org,
        manager.user,
        supplier,
        decision="suspend",
        reason="Three rejected lots in a row",
        password=PASSWORD,
    )
    with org_scope(org):
        transition = SupplierTransition.objects.select_related("signature").get(
            pk=done.transition_id
        )
        supplier.refresh_from_db()
    assert supplier.status == "suspended"
    assert (transition.from_status, transition.to_status) == ("approved", "suspended")
    assert transition.signature is not None
    assert "Three rejected lots" in transition.reason
    assert approval.signature_is_current(transition) is True


def test_continue_on_a_suspended_supplier_approves_it_again_signed(org, manager, make_supplier):
    supplier = approved(org, manager.user, make_supplier)
    record(org, manager.user, supplier, decision="suspend", password=PASSWORD)
    done = record(org, manager.user, supplier, decision="continue", password=PASSWORD)
    assert state(org, supplier)[0] == "approved"
    with org_scope(org):
        assert done.transition.to_status == "approved"
        assert done.transition.signature_id is not None


@pytest.mark.parametrize(("password", "field"), [("", "password"), ("not my password", "password")])
def test_an_unsigned_or_wrongly_signed_decision_leaves_nothing_behind(
    org, manager, make_supplier, password, field
):
    supplier = approved(org, manager.user, make_supplier)
    before = state(org, supplier)
    with pytest.raises(ValidationError) as error:
        record(org, manager.user, supplier, decision="disqualify", password=password)
    assert field in error.value.message_dict
    assert state(org, supplier) == before


def test_a_decision_the_status_does_not_allow_is_refused_naming_the_allowed(
    org, manager, make_supplier
):
    supplier = make_supplier(org)  # prospective
    before = state(org, supplier)
    with pytest.raises(ValidationError) as error:
        record(org, manager.user, supplier, decision="suspend", password=PASSWORD)
    message = error.value.message_dict["decision"][0]
    assert "Allowed" in message and "evaluate" in message
    assert state(org, supplier) == before


def test_conditions_are_required_and_carried_to_the_supplier(org, manager, make_supplier):
    supplier = approved(org, manager.user, make_supplier)
    with pytest.raises(ValidationError) as error:
        record(org, manager.user, supplier, decision="conditions", password=PASSWORD)
    assert "conditions" in error.value.message_dict
    until = organization_today(org) + timedelta(days=90)
    record(
        org,
        manager.user,
        supplier,
        decision="conditions",
        conditions="Monthly SPC charts",
        conditions_until=until,
        password=PASSWORD,
    )
    with org_scope(org):
        supplier.refresh_from_db()
    assert supplier.status == "conditionally_approved"
    assert (supplier.conditions, supplier.conditions_until) == ("Monthly SPC charts", until)


def test_bad_input_names_the_field_and_saves_nothing(org, manager, make_supplier, make_member):
    supplier = approved(org, manager.user, make_supplier)
    other_supplier = make_supplier(org)
    foreign = certificate(org, manager.user, other_supplier)
    today = organization_today(org)
    before = state(org, supplier)
    cases = [
        ({"evaluated_on": today + timedelta(days=1)}, "evaluated_on"),
        ({"reason": "  "}, "reason"),
        ({"decision": "maybe"}, "decision"),
        ({"audit_result": "passed"}, "audit_on"),
        ({"audit_reference": "AUD-1"}, "audit_result"),
        ({"certificates": [foreign.pk]}, "certificates"),
        ({"next_evaluation_due": today}, "next_evaluation_due"),
        ({"evaluator": make_member(org, "supplier").user}, "evaluator"),
    ]
    for data, field in cases:
        with pytest.raises(ValidationError) as error:
            record(org, manager.user, supplier, **data)
        assert field in error.value.message_dict, (data, error.value.message_dict)
    assert state(org, supplier) == before


def test_another_organisations_supplier_is_refused(org, other_org, manager, make_supplier):
    theirs = make_supplier(other_org)
    with pytest.raises(ValidationError):
        record(org, manager.user, theirs)


def test_the_evidence_is_copied_as_it_stood(org, manager, make_supplier):
    supplier = approved(org, manager.user, make_supplier)
    iso = certificate(org, manager.user, supplier)
    done = record(org, manager.user, supplier, certificates=[iso.pk])
    assert done.certificates_reviewed == [
        {
            "id": iso.pk,
            "type": "iso_9001",
            "type_label": "ISO 9001",
            "issuer": "BSI",
            "number": iso.number,
            "valid_to": iso.valid_to.isoformat(),
        }
    ]
    assert done.scorecard_snapshot == scorecard_snapshot(supplier)
    assert done.scorecard_snapshot["no_data"] is True
    assert done.questionnaire_snapshot == questionnaire_snapshot(supplier)
