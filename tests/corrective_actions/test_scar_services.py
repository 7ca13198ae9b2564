"""Suppliers' 8Ds through their services: issued (on its own, from a nonconformity, from a
rejected delivery) with the step due dates of the organisation's settings, answered step by
step with D4's analysis, returned and accepted, awaiting the effectiveness check after D8,
which another manager records once due before the signed closure; steps out of order, another
supplier's portal user, bad files and bad input refused clearly with nothing half-saved;
the buyer's notes kept apart; reminders both ways and the escalation; the scorecard's
responsiveness counting the steps answered on time; the exhaustive step state machine."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from corrective_actions.models import ScarAttachment, ScarEvent, SupplierCorrectiveAction
from corrective_actions.models.scars import Discipline, ScarSource, ScarState, StepStatus
from corrective_actions.reminder_kinds import (
    SCAR_EFFECTIVENESS_DUE,
    SCAR_STEP_DUE,
    SCAR_STEP_SUBMITTED,
)
from corrective_actions.selectors import scars as selectors
from corrective_actions.services import root_cause
from corrective_actions.services import scars as services
from relmgmt.audit.models import AuditEvent
from relmgmt.core.dates import organization_today
from relmgmt.core.scoping import org_scope
from relmgmt.notifications.models import Reminder
from relmgmt.policy import Role
from relmgmt.tenancy.services import organization_update
from suppliers.demo.certificates import certificate_pdf
from suppliers.models import ScorecardResult
from suppliers.models.periods import period_start_of
from suppliers.services.scorecards import definitions
from suppliers.services.scorecards import recompute as scorecard_recompute

from ..conftest import PASSWORD
from .helpers import make_nc, rejected_delivery
from .scar_helpers import answer, issue, review, step, through

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def supplier(supplier_member):
    return supplier_member.supplier


@pytest.fixture
def portal_user(supplier_member):
    return supplier_member.user


@pytest.fixture
def scar(org, manager, supplier):
    return issue(org, manager.user, supplier)


# --- Issuing ---------------------------------------------------------------------------


def test_issued_with_eight_steps_due_by_the_settings_and_d1_open(org, admin, manager, supplier):
    organization_update(
        organization=org,
        actor=admin.user,
        name=org.name,
        timezone_name=org.timezone,
        require_mfa=org.require_mfa,
        corrective_actions={"scar_containment_days": 2, "scar_closure_weeks": 6},
    )
    org.refresh_from_db()
    scar = issue(org, manager.user, supplier)
    today = organization_today(org)
    with org_scope(org):
        steps = list(scar.steps.order_by("discipline"))
    assert scar.reference.startswith("SCAR-") and scar.state == ScarState.OPEN
    assert [s.discipline for s in steps] == list(range(1, 9))
    assert [s.status for s in steps] == [StepStatus.OPEN] + [StepStatus.WAITING] * 7
    assert {s.due_date for s in steps[:3]} == {today + timedelta(days=2)}
    assert steps[7].due_date == today + timedelta(weeks=6)
    assert all(a.due_date <= b.due_date for a, b in zip(steps, steps[1:], strict=False))
    assert scar.owner == manager.user
    with org_scope(org):
        assert ScarEvent.objects.filter(scar=scar, action="issued").count() == 1
        assert AuditEvent.objects.filter(
            organization=org, model_label="corrective_actions.suppliercorrectiveaction"
        ).exists()


def test_settings_refuse_a_closure_before_the_containment(org, admin):
    with pytest.raises(ValidationError) as refused:
        organization_update(
            organization=org,
            actor=admin.user,
            name=org.name,
            timezone_name=org.timezone,
            require_mfa=org.require_mfa,
            corrective_actions={"scar_containment_days": 30, "scar_closure_weeks": 2},
        )
    assert "closure" in str(refused.value)


def test_issued_from_a_nonconformity_and_from_a_rejected_delivery(org, manager, supplier):
    nc = make_nc(org, manager.user, supplier=supplier)
    from_nc = services.scar_issue_from_nonconformity(
        organization=org, actor=manager.user, nonconformity=nc, data={}
    )
    assert (from_nc.source, from_nc.nonconformity, from_nc.supplier) == (
        ScarSource.NONCONFORMITY,
        nc,
        supplier,
    )
    assert from_nc.title == nc.title
    delivery = rejected_delivery(org, manager.user, supplier)
    from_delivery = services.scar_issue_from_delivery(
        organization=org, actor=manager.user, delivery=delivery, data={}
    )
    assert from_delivery.source == ScarSource.DELIVERY and from_delivery.delivery == delivery
    without_supplier = make_nc(org, manager.user)
    with pytest.raises(ValidationError, match="names no supplier"):
        services.scar_issue_from_nonconformity(
            organization=org, actor=manager.user, nonconformity=without_supplier, data={}
        )


def test_issue_refuses_bad_input_and_another_organisations_supplier(
    org, other_org, manager, supplier, make_supplier
):
    with pytest.raises(ValidationError, match="Say what the 8D is about"):
        issue(org, manager.user, supplier, title="  ")
    foreign = make_supplier(other_org)
    with pytest.raises(ValidationError):
        issue(org, manager.user, foreign)
    with org_scope(org):
        assert not SupplierCorrectiveAction.objects.exists()


# --- Answering and reviewing ------------------------------------------------------------


def test_the_whole_8d_answered_with_d4_returned_once_awaits_its_check(
    org, manager, portal_user, scar
):
    through(org, manager.user, portal_user, scar, Discipline.D3)
    answer(org, portal_user, scar, Discipline.D4)
    returned = review(org, manager.user, scar, Discipline.D4, "return", "Why was it not caught?")
    assert returned.status == StepStatus.RETURNED and returned.times_returned == 1
    # D4's analysis can still be edited while the answer is owed.
    analysis = services.analysis_for_supplier(organization=org, actor=portal_user, scar=scar)
    root_cause.cause_add(
        organization=org,
        actor=portal_user,
        analysis=analysis,
        category="machine",
        cause="No stroke counter",
        is_root=True,
    )
    first = step(org, scar, Discipline.D4).first_answered_at
    answer(org, portal_user, scar, Discipline.D4, escape_point="Sampling plan too thin.")
    assert step(org, scar, Discipline.D4).first_answered_at == first  # kept on a return
    review(org, manager.user, scar, Discipline.D4)
    with org_scope(org):
        scar.analysis.refresh_from_db()
    assert scar.analysis.frozen
    with pytest.raises(ValidationError, match="D4 is accepted"):
        services.analysis_for_supplier(organization=org, actor=portal_user, scar=scar)
    for discipline in range(5, 9):
        answer(org, portal_user, scar, discipline)
        review(org, manager.user, scar, discipline)
    scar.refresh_from_db()
    assert scar.state == ScarState.EFFECTIVENESS_CHECK and scar.closed_at is None
    days = services.effectiveness_days(org, scar)
    assert scar.effectiveness_due_on == organization_today(org) + timedelta(days=days)
    with org_scope(org):
        actions = list(ScarEvent.objects.filter(scar=scar).values_list("action", flat=True))
    assert actions.count("returned") == 1 and actions[-1] == "awaiting effectiveness check"
    with pytest.raises(ValidationError, match="takes no more answers"):
        answer(org, portal_user, scar, Discipline.D8)


def _checked_due(org, manager, portal_user, scar):
    through(org, manager.user, portal_user, scar, Discipline.D8)
    scar.refresh_from_db()
    return scar


def test_the_check_falls_due_after_the_nonconformitys_days_and_is_reminded(
    org, admin, manager, portal_user, supplier
):
    organization_update(
        organization=org,
        actor=admin.user,
        name=org.name,
        timezone_name=org.timezone,
        require_mfa=org.require_mfa,
        corrective_actions={"effectiveness_days": {"critical": 10, "medium": 40}},
    )
    org.refresh_from_db()
    nc = make_nc(org, manager.user, supplier=supplier, severity="critical")
    scar = services.scar_issue_from_nonconformity(
        organization=org, actor=manager.user, nonconformity=nc, data={}
    )
    scar = _checked_due(org, manager, portal_user, scar)
    assert scar.effectiveness_due_on == organization_today(org) + timedelta(days=10)
    with org_scope(org):
        reminder = (
            Reminder.objects.filter(kind=SCAR_EFFECTIVENESS_DUE.key, object_id=str(scar.pk))
            .order_by("id")
            .first()
        )
        assert reminder is not None and reminder.due_date == scar.effectiveness_due_on
        recipients = set(reminder.recipients.values_list("id", flat=True))
        assert admin.user.pk in recipients and scar.owner_id not in recipients
    plain = _checked_due(org, manager, portal_user, issue(org, manager.user, supplier))
    assert plain.effectiveness_due_on == organization_today(org) + timedelta(days=40)


def test_another_manager_records_the_check_once_due_and_signs_the_closure(
    org, admin, manager, portal_user, scar
):
    scar = _checked_due(org, manager, portal_user, scar)
    assert scar.owner_id == manager.user.pk
    due = scar.effectiveness_due_on
    later = timezone.now() + timedelta(days=(due - organization_today(org)).days + 1)

    def move(actor, action, **more):
        return services.scar_transition(
            organization=org, actor=actor, scar=scar, action=action, **more
        )

    with pytest.raises(ValidationError, match="cannot close; allowed: effective, not_effective"):
        move(admin.user, "close", password=PASSWORD)
    with pytest.raises(ValidationError, match=f"falls due on {due.isoformat()}"):
        move(admin.user, "effective", note="Looks fine")
    with pytest.raises(PermissionDenied, match="someone other than the 8D's owner"):
        move(manager.user, "effective", note="Looks fine", at=later)
    with pytest.raises(ValidationError, match="result of the effectiveness check"):
        move(admin.user, "effective", at=later)
    move(admin.user, "effective", note="Three lots since, no burrs.", at=later)
    scar.refresh_from_db()
    assert scar.state == ScarState.EFFECTIVE
    assert scar.effectiveness_checked_by_id == admin.user.pk
    assert scar.effectiveness_result == "Three lots since, no burrs."
    with pytest.raises(PermissionDenied, match="closure is signed by someone other"):
        move(manager.user, "close", password=PASSWORD)
    with pytest.raises(ValidationError, match="Sign with your password"):
        move(admin.user, "close")
    with pytest.raises(ValidationError, match="password is not right"):
        move(admin.user, "close", password="wrong")
    scar.refresh_from_db()
    assert scar.state == ScarState.EFFECTIVE and scar.closure_signature_id is None
    move(admin.user, "close", password=PASSWORD, at=later)
    scar.refresh_from_db()
    assert scar.state == ScarState.CLOSED and scar.closed_by_id == admin.user.pk
    assert scar.closure_signature.signer_id == admin.user.pk
    with org_scope(org):
        actions = list(ScarEvent.objects.filter(scar=scar).values_list("action", flat=True))
        assert not Reminder.objects.filter(
            kind=SCAR_EFFECTIVENESS_DUE.key, object_id=str(scar.pk), status="pending"
        ).exists()
    assert actions[-2:] == ["effective", "closed (signed)"]


def test_a_not_effective_check_ends_the_8d(org, admin, manager, portal_user, scar):
    scar = _checked_due(org, manager, portal_user, scar)
    later = timezone.now() + timedelta(days=400)
    services.scar_transition(
        organization=org,
        actor=admin.user,
        scar=scar,
        action="not_effective",
        note="Burrs again in lot 4470.",
        at=later,
    )
    scar.refresh_from_db()
    assert scar.state == ScarState.NOT_EFFECTIVE and scar.closed_at is not None
    with pytest.raises(ValidationError, match="allows no further action"):
        services.scar_transition(
            organization=org, actor=admin.user, scar=scar, action="close", password=PASSWORD
        )


def test_a_step_out_of_order_is_refused_naming_the_order(org, manager, portal_user, scar):
    with pytest.raises(ValidationError) as refused:
        answer(org, portal_user, scar, Discipline.D3)
    assert "D3 opens once D2 is accepted" in str(refused.value)
    answer(org, portal_user, scar, Discipline.D1)
    # D1 waits for the review: D2 is not open yet.
    with pytest.raises(ValidationError, match="D2 opens once D1 is accepted"):
        answer(org, portal_user, scar, Discipline.D2)
    with pytest.raises(ValidationError, match="An 8D has the steps D1 to D8"):
        answer(org, portal_user, scar, 9, answer="x")


def test_d2_needs_is_not_and_d4_the_root_cause_and_escape_point(org, manager, portal_user, scar):
    through(org, manager.user, portal_user, scar, Discipline.D1)
    with pytest.raises(ValidationError, match="is not"):
        answer(org, portal_user, scar, Discipline.D2, is_not="")
    through_d3 = [Discipline.D2, Discipline.D3]
    for discipline in through_d3:
        answer(org, portal_user, scar, discipline)
        review(org, manager.user, scar, discipline)
    with pytest.raises(ValidationError, match="root cause"):
        answer(org, portal_user, scar, Discipline.D4, escape_point="Final inspection")
    with pytest.raises(ValidationError, match="caught"):
        answer(org, portal_user, scar, Discipline.D4, escape_point="")
    assert step(org, scar, Discipline.D4).status == StepStatus.OPEN


def test_a_return_needs_a_comment_and_the_empty_answer_is_refused(org, manager, portal_user, scar):
    with pytest.raises(ValidationError, match="Write the answer to D1"):
        answer(org, portal_user, scar, Discipline.D1, answer="  ")
    answer(org, portal_user, scar, Discipline.D1)
    with pytest.raises(ValidationError, match="Say what the supplier must add"):
        services.step_review(
            organization=org,
            actor=manager.user,
            scar=scar,
            discipline=1,
            action="return",
            comment="",
        )
    assert step(org, scar, Discipline.D1).status == StepStatus.SUBMITTED


def test_another_suppliers_portal_user_cannot_answer(org, manager, scar, make_member):
    stranger = make_member(org, Role.SUPPLIER)
    with pytest.raises(PermissionDenied):
        answer(org, stranger.user, scar, Discipline.D1)
    with org_scope(org):
        assert not selectors.portal_scars(organization=org, supplier=stranger.supplier).exists()
    assert step(org, scar, Discipline.D1).status == StepStatus.OPEN


def test_evidence_is_checked_by_content_and_nothing_is_half_saved(org, manager, portal_user, scar):
    fake = SimpleUploadedFile("report.pdf", b"MZ not a pdf at all", content_type="application/pdf")
    with pytest.raises(ValidationError):
        answer(org, portal_user, scar, Discipline.D1, uploads=[fake])
    assert step(org, scar, Discipline.D1).status == StepStatus.OPEN
    good = SimpleUploadedFile("team.png", PNG, content_type="image/png")
    report = SimpleUploadedFile("8d.pdf", certificate_pdf("8D"), content_type="application/pdf")
    answer(org, portal_user, scar, Discipline.D1, uploads=[good, report])
    with org_scope(org):
        names = sorted(
            ScarAttachment.objects.filter(scar=scar).values_list("original_name", flat=True)
        )
    assert names == ["8d.pdf", "team.png"]


def test_internal_notes_never_reach_the_portal(org, manager, portal_user, scar):
    services.scar_note(
        organization=org, actor=manager.user, scar=scar, note="Price talks next week"
    )
    with org_scope(org):
        staff = [e.note for e in selectors.history(organization=org, scar=scar)]
        portal = [e.note for e in selectors.history(organization=org, scar=scar, portal=True)]
    assert "Price talks next week" in staff and "Price talks next week" not in portal


def test_cancel_needs_a_reason_and_ends_the_reminders(org, manager, scar):
    with pytest.raises(ValidationError, match="Say why"):
        services.scar_cancel(organization=org, actor=manager.user, scar=scar, reason="")
    services.scar_cancel(organization=org, actor=manager.user, scar=scar, reason="Supplier gone")
    scar.refresh_from_db()
    assert scar.state == ScarState.CANCELLED
    assert _open_reminders(org, step(org, scar, Discipline.D1)) == set()


# --- Reminders ----------------------------------------------------------------------------


def _open_reminders(org, record):
    with org_scope(org):
        return {
            (r.kind, who.pk)
            for r in Reminder.objects.filter(
                organization=org,
                object_id=str(record.pk),
                model_label="corrective_actions.scarstep",
            )
            .exclude(status="cancelled")
            .prefetch_related("recipients")
            for who in r.recipients.all()
        }


def test_reminders_go_both_ways(org, manager, portal_user, scar):
    d1 = step(org, scar, Discipline.D1)
    kinds = {kind for kind, _ in _open_reminders(org, d1)}
    assert SCAR_STEP_DUE.key in kinds
    assert portal_user.pk in {
        who for kind, who in _open_reminders(org, d1) if kind == SCAR_STEP_DUE.key
    }
    answer(org, portal_user, scar, Discipline.D1)
    reminders = _open_reminders(org, d1)
    assert {kind for kind, _ in reminders} == {SCAR_STEP_SUBMITTED.key}
    assert manager.user.pk in {who for _, who in reminders}
    review(org, manager.user, scar, Discipline.D1)
    assert _open_reminders(org, d1) == set()
    d2 = step(org, scar, Discipline.D2)
    assert SCAR_STEP_DUE.key in {kind for kind, _ in _open_reminders(org, d2)}


# --- Responsiveness on the scorecard ----------------------------------------------------


def test_steps_answered_on_time_count_in_the_responsiveness(
    org, manager, portal_user, supplier, scar
):
    definitions.definition_save(
        organization=org,
        actor=manager.user,
        period="monthly",
        criteria=[{"metric": "car_responsiveness", "weight": 100}],
    )
    answer(org, portal_user, scar, Discipline.D1)
    d1 = step(org, scar, Discipline.D1)
    month = period_start_of(d1.due_date, "monthly")
    with org_scope(org):
        scored = ScorecardResult.objects.get(supplier=supplier, period_start=month)
    assert (scored.car_count, scored.car_on_time_count) == (1, 1)
    assert scored.car_responsiveness_value == 100
    # Seen after D2 fell due unanswered (D2 is due with D1): one on time of two.
    review(org, manager.user, scar, Discipline.D1)
    scorecard_recompute.scorecards_recompute(organization=org, today=d1.due_date + timedelta(1))
    with org_scope(org):
        scored = ScorecardResult.objects.get(supplier=supplier, period_start=month)
    assert (scored.car_count, scored.car_on_time_count) == (2, 1)
    assert scored.car_responsiveness_value == 50


# --- The step state machine: every status x every action -----------------------------------

STATUSES = list(StepStatus.values)
ACTIONS = ["submit", "accept", "return", "reopen"]


def _to_status(org, manager, portal_user, scar, status):
    """D2 brought to ``status`` the way people do."""
    if status == StepStatus.WAITING:
        return
    through(org, manager.user, portal_user, scar, Discipline.D1)
    if status == StepStatus.OPEN:
        return
    answer(org, portal_user, scar, Discipline.D2)
    if status == StepStatus.SUBMITTED:
        return
    if status == StepStatus.RETURNED:
        review(org, manager.user, scar, Discipline.D2, "return")
        return
    review(org, manager.user, scar, Discipline.D2)


EXPECTED = {
    (StepStatus.OPEN, "submit"): StepStatus.SUBMITTED,
    (StepStatus.RETURNED, "submit"): StepStatus.SUBMITTED,
    (StepStatus.SUBMITTED, "accept"): StepStatus.ACCEPTED,
    (StepStatus.SUBMITTED, "return"): StepStatus.RETURNED,
}


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("action", ACTIONS)
def test_every_status_and_action(org, manager, portal_user, scar, status, action):
    _to_status(org, manager, portal_user, scar, status)
    assert step(org, scar, Discipline.D2).status == status
    expected = EXPECTED.get((status, action))

    def run():
        if action == "submit":
            return answer(org, portal_user, scar, Discipline.D2)
        return review(org, manager.user, scar, Discipline.D2, action)

    if expected is None:
        with pytest.raises(ValidationError) as refused:
            run()
        message = str(refused.value)
        assert "D2" in message
        if not (status == StepStatus.WAITING and action == "submit"):
            allowed = [name for name, t in services.STEP_TRANSITIONS.items() if status in t.sources]
            assert ("allowed: " + ", ".join(allowed)) in message or "allows no action" in message
        assert step(org, scar, Discipline.D2).status == status
    else:
        assert run().status == expected
        assert step(org, scar, Discipline.D2).status == expected
