"""Nonconformities and corrective actions through their services: references, links,
the one click from a rejected delivery, signed dispositions and closures, the effectiveness
check by another person, the next cycle, reminders and their escalation, recurrence, age,
and the bad input of the issue (clear refusals, nothing half-saved)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from corrective_actions.models import (
    CorrectiveAction,
    Nonconformity,
    NonconformityAttachment,
    NonconformityEvent,
)
from corrective_actions.reminder_kinds import ACTION_STEP_DUE, EFFECTIVENESS_CHECK_DUE
from corrective_actions.selectors import corrective_actions as ca_selectors
from corrective_actions.services import corrective_actions as ca_services
from corrective_actions.services import nonconformities as nc_services
from corrective_actions.services import root_cause
from relmgmt.audit.models import Signature
from relmgmt.core.scoping import org_scope
from relmgmt.notifications.models import Reminder
from relmgmt.policy import Role
from relmgmt.tenancy.services import organization_update
from suppliers.demo.certificates import certificate_pdf

from ..conftest import PASSWORD, create_supplier
from .helpers import in_state, make_ca, make_nc, move, prepared, rejected_delivery

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _settings(org, admin, value):
    organization_update(
        organization=org,
        actor=admin.user,
        name=org.name,
        timezone_name=org.timezone,
        require_mfa=org.require_mfa,
        corrective_actions=value,
    )
    org.refresh_from_db()


@pytest.fixture
def checker(org, make_member):
    return make_member(org, Role.MANAGER)


# --- Nonconformities --------------------------------------------------------------------


def test_references_are_numbered_per_organisation_and_year(org, other_org, manager, outsider):
    first = make_nc(org, manager.user)
    second = make_nc(org, manager.user)
    theirs = make_nc(other_org, outsider.user)
    year = first.opened_at.year
    assert (first.reference, second.reference) == (f"NC-{year}-0001", f"NC-{year}-0002")
    assert theirs.reference == f"NC-{year}-0001"
    action = make_ca(org, manager.user)
    assert action.reference == f"CA-{year}-0001"


def test_a_rejected_delivery_opens_its_nonconformity_in_one_click(org, manager):
    supplier = create_supplier(org, name="Brackets Ltd")
    delivery = rejected_delivery(org, manager.user, supplier, rejected=7)
    nc = nc_services.nonconformity_from_delivery(
        organization=org, actor=manager.user, delivery=delivery
    )
    assert nc.source == "delivery_rejection"
    assert nc.supplier_id == supplier.pk and nc.party_id == supplier.party_id
    assert nc.quantity_affected == Decimal(7)
    assert nc.description == "Burrs on the edges"
    with pytest.raises(ValidationError, match=nc.reference):
        nc_services.nonconformity_from_delivery(
            organization=org, actor=manager.user, delivery=delivery
        )


def test_a_delivery_a_nonconformity_stands_on_is_not_deleted(org, manager):
    from suppliers.models import Delivery
    from suppliers.services import deliveries as delivery_services

    delivery = rejected_delivery(org, manager.user, create_supplier(org), rejected=3)
    nc = nc_services.nonconformity_from_delivery(
        organization=org, actor=manager.user, delivery=delivery
    )
    with pytest.raises(ValidationError, match=f"cannot be deleted: {nc.reference} refers"):
        delivery_services.delivery_delete(
            organization=org, actor=manager.user, delivery=delivery, reason="Entered twice"
        )
    with org_scope(org):
        assert Delivery.objects.filter(pk=delivery.pk).exists()


def test_a_delivery_with_nothing_rejected_opens_no_nonconformity(org, manager):
    delivery = rejected_delivery(org, manager.user, create_supplier(org), rejected=0)
    with pytest.raises(ValidationError, match="Nothing of this delivery was rejected"):
        nc_services.nonconformity_from_delivery(
            organization=org, actor=manager.user, delivery=delivery
        )


def test_links_must_be_of_the_organisation_and_agree(org, other_org, manager, outsider):
    theirs = create_supplier(other_org)
    with pytest.raises(ValidationError) as refused:
        make_nc(org, manager.user, supplier=theirs)
    assert "supplier" in refused.value.message_dict
    delivery = rejected_delivery(org, manager.user, create_supplier(org))
    with pytest.raises(ValidationError) as refused:
        make_nc(org, manager.user, supplier=create_supplier(org), delivery=delivery)
    assert "delivery" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        make_nc(org, manager.user, owner=outsider.user)
    assert "owner" in refused.value.message_dict
    with org_scope(org):
        assert not Nonconformity.objects.exists()


def test_evidence_files_are_checked_by_their_content(org, manager):
    good = SimpleUploadedFile("report.pdf", certificate_pdf("Report"))
    nc = nc_services.nonconformity_create(
        organization=org,
        actor=manager.user,
        data={"title": "Crack", "occurred_on": date(2026, 3, 1)},
        uploads=[good],
    )
    liar = SimpleUploadedFile("photo.pdf", PNG)
    with pytest.raises(ValidationError, match="photo.pdf is not a PDF"):
        nc_services.attachment_add(
            organization=org, actor=manager.user, nonconformity=nc, uploads=[liar]
        )
    with pytest.raises(ValidationError, match="not a PDF"):
        nc_services.nonconformity_create(
            organization=org,
            actor=manager.user,
            data={"title": "Crack", "occurred_on": date(2026, 3, 1)},
            uploads=[SimpleUploadedFile("x.pdf", b"plain text, not a pdf")],
        )
    with org_scope(org):
        assert NonconformityAttachment.objects.count() == 1
        assert Nonconformity.objects.count() == 1


def test_a_disposition_is_approved_with_a_signature(org, manager, admin):
    nc = make_nc(org, manager.user)
    nc_services.nonconformity_transition(
        organization=org,
        actor=manager.user,
        nonconformity=nc,
        action="propose_disposition",
        disposition="rework",
    )
    with pytest.raises(ValidationError, match="password is not right"):
        nc_services.nonconformity_transition(
            organization=org,
            actor=admin.user,
            nonconformity=nc,
            action="approve_disposition",
            password="wrong",
        )
    with org_scope(org):
        nc.refresh_from_db()
        assert nc.state == "disposition_proposed" and nc.disposition_approved_by is None
    nc = nc_services.nonconformity_transition(
        organization=org,
        actor=admin.user,
        nonconformity=nc,
        action="approve_disposition",
        password=PASSWORD,
    )
    with org_scope(org):
        nc = Nonconformity.objects.select_related("disposition_signature").get(pk=nc.pk)
    assert nc.state == "dispositioned"
    assert nc.disposition_signature.signer_id == admin.user.pk
    assert "rework" in nc.disposition_signature.meaning
    assert nc_services.disposition_signature_is_current(nc) is True


def test_a_concession_needs_the_customer_s_authorisation(org, manager):
    nc = make_nc(org, manager.user)
    with pytest.raises(ValidationError) as refused:
        nc_services.nonconformity_transition(
            organization=org,
            actor=manager.user,
            nonconformity=nc,
            action="propose_disposition",
            disposition="concession",
        )
    assert "customer_authorisation" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        nc_services.nonconformity_transition(
            organization=org,
            actor=manager.user,
            nonconformity=nc,
            action="propose_disposition",
            disposition="return_to_supplier",
        )
    assert "supplier" in refused.value.message_dict["disposition"][0]
    with org_scope(org):
        assert NonconformityEvent.objects.filter(nonconformity=nc).count() == 1


def test_a_disposition_without_authority_is_refused(org, manager, admin, auditor):
    _settings(org, admin, {"disposition_approvers": "admins"})
    nc = make_nc(org, manager.user)
    nc_services.nonconformity_transition(
        organization=org,
        actor=manager.user,
        nonconformity=nc,
        action="propose_disposition",
        disposition="scrap",
    )
    for person in (manager, auditor):
        with pytest.raises(PermissionDenied, match="no authority"):
            nc_services.nonconformity_transition(
                organization=org,
                actor=person.user,
                nonconformity=nc,
                action="approve_disposition",
                password=PASSWORD,
            )
    with org_scope(org):
        nc.refresh_from_db()
        assert nc.state == "disposition_proposed"
        assert not Signature.objects.exists()


# --- Corrective actions -----------------------------------------------------------------


def test_a_corrective_action_carries_over_its_nonconformity(org, manager):
    supplier = create_supplier(org)
    nc = make_nc(org, manager.user, supplier=supplier, containment="Lot on hold")
    action = ca_services.ca_from_nonconformity(
        organization=org, actor=manager.user, nonconformity=nc
    )
    assert action.source == "nonconformity"
    assert (action.supplier_id, action.party_id) == (supplier.pk, supplier.party_id)
    assert action.severity == nc.severity and action.containment == "Lot on hold"
    assert action.owner_id == manager.user.pk


def test_the_whole_way_to_a_signed_closure(org, manager, checker):
    action = in_state(org, manager, checker, "closed")
    with org_scope(org):
        action = CorrectiveAction.objects.select_related("closure_signature").get(pk=action.pk)
        assert action.analysis.frozen
        assert action.events.count() == 6
    assert action.closure_signature.signer_id == checker.user.pk
    assert action.effectiveness_checked_by_id == checker.user.pk
    assert action.closed_by_id == checker.user.pk


def test_the_owner_may_not_close_unless_the_organisation_allows(org, manager, admin, checker):
    action = in_state(org, manager, checker, "effective")
    with pytest.raises(PermissionDenied, match="someone other than the owner"):
        move(org, action, "close", manager.user)
    _settings(org, admin, {"owner_may_close": True})
    assert move(org, action, "close", manager.user).state == "closed"


def test_a_closure_with_a_wrong_password_leaves_nothing(org, manager, checker):
    action = in_state(org, manager, checker, "effective")
    with pytest.raises(ValidationError, match="password is not right"):
        move(org, action, "close", checker.user, password="wrong")
    with org_scope(org):
        action.refresh_from_db()
        assert action.state == "effective" and action.closed_at is None
        assert action.events.count() == 5


def test_the_effectiveness_check_is_made_by_someone_else_once_due(org, manager, checker):
    action = in_state(org, manager, checker, "implementation")
    action = move(org, action, "verify", manager.user, at=timezone.now())
    assert action.effectiveness_due_on == timezone.localdate() + timedelta(days=90)
    with pytest.raises(PermissionDenied, match="someone other than"):
        move(org, action, "effective", manager.user)
    with pytest.raises(ValidationError, match="falls due on"):
        move(org, action, "effective", checker.user)
    later = timezone.now() + timedelta(days=91)
    assert move(org, action, "effective", checker.user, at=later).state == "effective"


def test_an_effectiveness_check_before_the_actions_are_verified_is_refused(org, manager, checker):
    action = in_state(org, manager, checker, "implementation")
    with pytest.raises(ValidationError) as refused:
        move(org, action, "effective", checker.user)
    assert "allowed: verify, cancel." in refused.value.message_dict["action"][0]


def test_not_effective_opens_the_next_cycle_linked(org, manager, checker):
    action = in_state(org, manager, checker, "not_effective")
    with org_scope(org):
        following = action.next_cycles.get()
    assert following.cycle == 2 and following.previous_id == action.pk
    assert following.state == "open" and following.source == "previous_cycle"
    assert "not effective" in following.problem_statement


def test_verification_needs_every_action_done_and_a_criterion(org, manager, checker):
    action = make_ca(org, manager.user)
    root_cause.summary_save(
        organization=org, actor=manager.user, analysis=action.analysis, summary="Worn die"
    )
    step = ca_services.step_add(
        organization=org,
        actor=manager.user,
        corrective_action=action,
        data={"description": "Replace the die", "owner": manager.user, "due_on": date(2026, 5, 1)},
    )
    move(org, action, "decide_needed", manager.user)
    move(org, action, "start_actions", manager.user)
    with pytest.raises(ValidationError, match="1 action is not done yet"):
        move(org, action, "verify", manager.user)
    with pytest.raises(ValidationError) as refused:
        ca_services.step_update(
            organization=org, actor=manager.user, step=step, data={"status": "done"}
        )
    assert "evidence" in refused.value.message_dict
    ca_services.step_update(
        organization=org,
        actor=manager.user,
        step=step,
        data={"status": "done", "evidence": "Work order 1"},
    )
    with pytest.raises(ValidationError) as refused:
        move(org, action, "verify", manager.user)
    assert "criterion" in refused.value.message_dict
    verified = move(org, action, "verify", manager.user, criterion="No burrs in 3 lots")
    assert verified.state == "effectiveness_check"


def test_the_actions_start_only_once_a_root_cause_is_found(org, manager):
    action = make_ca(org, manager.user)
    move(org, action, "decide_needed", manager.user)
    with pytest.raises(ValidationError, match="Find the root cause first"):
        move(org, action, "start_actions", manager.user)


def test_the_five_whys_close_their_gaps_and_freeze_with_the_actions(org, manager, checker):
    action = make_ca(org, manager.user)
    whys = [
        root_cause.why_add(
            organization=org, actor=manager.user, analysis=action.analysis, why=f"Why {n}?"
        )
        for n in range(3)
    ]
    root_cause.why_delete(organization=org, actor=manager.user, step=whys[0])
    with org_scope(org):
        assert list(action.analysis.whys.values_list("position", "why")) == [
            (1, "Why 1?"),
            (2, "Why 2?"),
        ]
    root_cause.cause_add(
        organization=org,
        actor=manager.user,
        analysis=action.analysis,
        category="machine",
        cause="Worn die",
        is_root=True,
    )
    with pytest.raises(ValidationError) as refused:
        root_cause.cause_add(
            organization=org,
            actor=manager.user,
            analysis=action.analysis,
            category="luck",
            cause="x",
        )
    assert "category" in refused.value.message_dict
    ca_services.step_add(
        organization=org,
        actor=manager.user,
        corrective_action=action,
        data={"description": "Replace the die", "owner": manager.user, "due_on": date(2026, 5, 1)},
    )
    move(org, action, "decide_needed", manager.user)
    move(org, action, "start_actions", manager.user)
    with pytest.raises(ValidationError, match="analysis is closed"):
        root_cause.why_add(organization=org, actor=manager.user, analysis=action.analysis, why="?")


def test_steps_and_checks_are_reminded_and_escalated(org, manager, checker):
    action = make_ca(org, manager.user)
    step = ca_services.step_add(
        organization=org,
        actor=manager.user,
        corrective_action=action,
        data={"description": "Replace the die", "owner": checker.user, "due_on": date(2026, 5, 1)},
    )
    with org_scope(org):
        reminders = Reminder.objects.filter(kind=ACTION_STEP_DUE.key, object_id=str(step.pk))
        assert sorted(reminders.values_list("escalation_level", flat=True)) == [0, 1, 2]
    ca_services.step_update(
        organization=org,
        actor=manager.user,
        step=step,
        data={"status": "done", "evidence": "Work order 1"},
    )
    with org_scope(org):
        assert not reminders.exclude(status="cancelled").exists()
    root_cause.summary_save(
        organization=org, actor=manager.user, analysis=action.analysis, summary="Worn die"
    )
    for name in ("decide_needed", "start_actions"):
        move(org, action, name, manager.user)
    action = move(org, action, "verify", manager.user, criterion="No burrs", at=timezone.now())
    with org_scope(org):
        check = Reminder.objects.get(
            kind=EFFECTIVENESS_CHECK_DUE.key, object_id=str(action.pk), escalation_level=0
        )
        assert check.due_date == action.effectiveness_due_on
        assert list(check.recipients.all()) == [checker.user]
    move(org, action, "effective", checker.user, at=timezone.now() + timedelta(days=91))
    with org_scope(org):
        check.refresh_from_db()
        assert check.status == "cancelled"


def test_a_recurrence_is_flagged_within_twelve_months(org, manager):
    supplier = create_supplier(org)
    now = timezone.now()
    first = ca_services.ca_create(
        organization=org,
        actor=manager.user,
        data={
            "title": "Burrs",
            "problem_statement": "Burrs",
            "owner": manager.user,
            "supplier": supplier,
        },
        opened_at=now - timedelta(days=400),
    )
    second = make_ca(org, manager.user, supplier=supplier)
    third = make_ca(org, manager.user, supplier=supplier)
    other_category = make_ca(org, manager.user, supplier=supplier, category="documentation")
    with org_scope(org):
        flags = dict(
            ca_selectors.corrective_actions(organization=org).values_list("pk", "recurrent")
        )
    assert flags == {first.pk: False, second.pk: False, third.pk: True, other_category.pk: False}


def test_age_counts_to_now_or_to_the_closure(org, manager):
    action = ca_services.ca_create(
        organization=org,
        actor=manager.user,
        data={"title": "Old", "problem_statement": "Old", "owner": manager.user},
        opened_at=timezone.now() - timedelta(days=40, hours=1),
    )
    assert ca_selectors.age_days(action) == 40


def test_a_closed_corrective_action_cannot_be_changed(org, manager, checker):
    action = in_state(org, manager, checker, "closed")
    with pytest.raises(ValidationError, match="cannot be changed"):
        ca_services.ca_update(
            organization=org, actor=manager.user, corrective_action=action, data={"title": "x"}
        )
    with org_scope(org):
        step = action.steps.get()
    with pytest.raises(ValidationError, match="cannot be changed"):
        ca_services.step_update(
            organization=org, actor=manager.user, step=step, data={"status": "cancelled"}
        )


def test_an_auditor_may_not_own_a_corrective_action(org, manager, auditor):
    with pytest.raises(ValidationError) as refused:
        make_ca(org, manager.user, owner=auditor.user)
    assert "owner" in refused.value.message_dict


def test_an_overlong_text_is_refused_with_its_length(org, manager):
    with pytest.raises(ValidationError, match="20,001 characters"):
        make_ca(org, manager.user, problem_statement="x" * 20001)


def test_prepared_helper_builds_a_ready_corrective_action(org, manager):
    action = prepared(org, manager)
    with org_scope(org):
        assert root_cause.has_root_cause(action.analysis)


def test_a_next_cycle_is_not_a_recurrence_of_its_own_previous_cycle(org, manager, checker):
    supplier = create_supplier(org)
    first = prepared(org, manager)
    ca_services.ca_update(
        organization=org, actor=manager.user, corrective_action=first, data={"supplier": supplier}
    )
    for name, actor in (
        ("decide_needed", manager),
        ("start_actions", manager),
        ("verify", manager),
        ("not_effective", checker),
    ):
        first = move(org, first, name, actor.user)
    with org_scope(org):
        flags = dict(
            ca_selectors.corrective_actions(organization=org).values_list("cycle", "recurrent")
        )
    assert flags == {1: False, 2: False}
