"""A supplier's 8D (SCAR) writes: issue one (from a nonconformity, a rejected delivery, a
poor scorecard standing, or on its own), the supplier's answer to a step (through the
portal, with evidence files checked by content), the buyer's acceptance or return of it
with a comment, the buyer's internal notes, the cancellation, and after D8 the
effectiveness check and the signed closure.

``STEP_TRANSITIONS`` is the one place that knows a step's moves (every status x every
action tested): the supplier submits an open or returned step, the buyer accepts or returns
a submitted one. A step opens once the one before it is accepted, so a step answered out of
order is refused naming the step to answer; accepting D4 freezes its root cause analysis;
accepting D8 leaves the 8D awaiting its effectiveness check, due a number of days later (the
organisation's days for the severity of its nonconformity, medium without one).
``scar_transition`` records the check (by a manager other than the owner, not before it is
due; "not effective" ends the 8D) and the signed closure (``CHECK_TRANSITIONS``). Each step
is reminded to the supplier's portal users before its due date and escalated to the owner
once overdue; an answer waits for the owner's review, reminded too. The first answer of
each step is what the scorecard's responsiveness counts (``corrective_actions.extensions``).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from corrective_actions import organization_settings
from corrective_actions.models import (
    Nonconformity,
    RootCauseAnalysis,
    ScarAttachment,
    ScarEvent,
    ScarStep,
    SupplierCorrectiveAction,
)
from corrective_actions.models.common import Severity
from corrective_actions.models.scars import (
    AWAITING_SUPPLIER,
    Discipline,
    ScarSource,
    ScarState,
    StepStatus,
)
from corrective_actions.reminder_kinds import (
    SCAR_EFFECTIVENESS_DUE,
    SCAR_STEP_DUE,
    SCAR_STEP_DUE_SOON_DAYS,
    SCAR_STEP_SUBMITTED,
)
from corrective_actions.services import root_cause
from corrective_actions.services.common import (
    Transition,
    allowed,
    check_makers,
    check_uploads,
    long_text,
    next_number,
    refuse_transition,
    remove_files,
    role_of,
    store_files,
    text,
    year_of,
)
from relmgmt.audit.context import acting_as, audit_reason
from relmgmt.audit.services import signature_create
from relmgmt.core.dates import organization_today
from relmgmt.core.scoping import org_scope
from relmgmt.core.validation import ensure_same_organization, validate
from relmgmt.notifications.services import scheduling
from relmgmt.policy import WRITER_ROLES, Role
from relmgmt.tenancy.models import Membership
from relmgmt.tenancy.services import ensure_owner
from suppliers.models import Delivery, Supplier
from suppliers.models.scorecards import ChangeCause
from suppliers.services.scorecards import recompute as scorecard_recompute

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from relmgmt.accounts.models import User
    from relmgmt.tenancy.models import Organization

S = StepStatus
STEP_TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition("submit", "Submit the answer", (S.OPEN, S.RETURNED), S.SUBMITTED),
        Transition("accept", "Accept", (S.SUBMITTED,), S.ACCEPTED),
        Transition(
            "return",
            "Return to the supplier",
            (S.SUBMITTED,),
            S.RETURNED,
            "Say what the supplier must add or change.",
        ),
    )
}
SUPPLIER_ACTIONS = ("submit",)
# The buyer's choices on a submitted step, as forms and the API offer them.
REVIEW_CHOICES = [("accept", "Accept the step"), ("return", "Return the step to the supplier")]
BUYER_ACTIONS = ("accept", "return")
ISSUE_FIELDS = ("title", "description", "internal_note", "owner")

C = ScarState
CHECK_RESULT = "Give the result of the effectiveness check."
# After D8: the effectiveness check and the signed closure, by the buyer's managers.
CHECK_TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition("effective", "Effective", (C.EFFECTIVENESS_CHECK,), C.EFFECTIVE, CHECK_RESULT),
        Transition(
            "not_effective",
            "Not effective",
            (C.EFFECTIVENESS_CHECK,),
            C.NOT_EFFECTIVE,
            CHECK_RESULT,
        ),
        Transition("close", "Close (signed)", (C.EFFECTIVE,), C.CLOSED),
    )
}


def step_due_dates(organization: Organization, issued_on: date) -> dict[int, date]:
    """D1 to D3 within the containment days, D8 within the closure weeks, D4 to D7 spread
    evenly between them."""
    chosen = organization_settings.current(organization)
    containment = issued_on + timedelta(days=chosen["scar_containment_days"])
    closure = issued_on + timedelta(weeks=chosen["scar_closure_weeks"])
    closure = max(closure, containment)
    span = (closure - containment).days
    dates = dict.fromkeys((1, 2, 3), containment)
    for d in range(4, 9):
        dates[d] = containment + timedelta(days=round(span * (d - 3) / 5))
    return dates


def _event(
    scar: SupplierCorrectiveAction,
    actor: User | None,
    action: str,
    *,
    discipline: int | None = None,
    note: str = "",
    internal: bool = False,
    at: datetime | None = None,
) -> ScarEvent:
    return ScarEvent.objects.create(
        organization_id=scar.organization_id,
        scar=scar,
        discipline=discipline,
        action=action,
        at=at or timezone.now(),
        actor=actor,
        note=note,
        internal=internal,
    )


def scar_issue(
    *,
    organization: Organization,
    actor: User | None,
    supplier: Supplier,
    data: dict,
    source: str = ScarSource.OTHER,
    nonconformity: Nonconformity | None = None,
    delivery: Delivery | None = None,
    issued_at: datetime | None = None,
) -> SupplierCorrectiveAction:
    """Issue an 8D to the supplier: its eight steps with their due dates, D1 open to the
    supplier's portal users at once. ``issued_at`` (the demo's past) defaults to now."""
    ensure_same_organization(organization=organization, record=supplier, field="supplier")
    for field, record in (("nonconformity", nonconformity), ("delivery", delivery)):
        if record is not None:
            ensure_same_organization(organization=organization, record=record, field=field)
    if data.get("owner") is not None:
        ensure_owner(organization=organization, user=data["owner"], field="owner")
    owner = data.get("owner") or (supplier.owner if supplier.owner_id else None) or actor
    now = issued_at or timezone.now()
    with org_scope(organization), transaction.atomic(), acting_as(actor):
        year = year_of(organization, now)
        number = next_number(organization, SupplierCorrectiveAction, year)
        scar = SupplierCorrectiveAction(
            organization=organization,
            supplier=supplier,
            source=source,
            nonconformity=nonconformity,
            delivery=delivery,
            title=text(data.get("title")),
            description=long_text("description", data.get("description"), "description"),
            internal_note=long_text("internal_note", data.get("internal_note"), "internal note"),
            owner=owner,
            issued_at=now,
            issued_by=actor,
            year=year,
            number=number,
            reference=f"SCAR-{year}-{number:04d}",
        )
        if not scar.title:
            raise ValidationError({"title": "Say what the 8D is about."})
        if not scar.description:
            raise ValidationError({"description": "Say what is wrong and what is asked."})
        scar.analysis = RootCauseAnalysis.objects.create(organization=organization)
        validate(scar)
        scar.save()
        issued_on = now.astimezone(ZoneInfo(organization.timezone)).date()
        dates = step_due_dates(organization, issued_on)
        steps = [
            ScarStep(
                organization=organization,
                scar=scar,
                discipline=d,
                due_date=dates[d],
                status=S.OPEN if d == Discipline.D1 else S.WAITING,
            )
            for d in Discipline.values
        ]
        for step in steps:
            step.save()
        _event(scar, actor, "issued", note=scar.title, at=now)
        schedule_step_reminders(organization=organization, step=steps[0])
    return scar


def scar_issue_from_nonconformity(
    *, organization: Organization, actor: User | None, nonconformity: Nonconformity, data: dict
) -> SupplierCorrectiveAction:
    ensure_same_organization(organization=organization, record=nonconformity, field="nc")
    if nonconformity.supplier_id is None:
        raise ValidationError(
            {"nonconformity": "The nonconformity names no supplier: name one first."}
        )
    data = {
        "title": nonconformity.title,
        "description": nonconformity.description or nonconformity.title,
        **{key: value for key, value in data.items() if value},
    }
    return scar_issue(
        organization=organization,
        actor=actor,
        supplier=nonconformity.supplier,  # type: ignore[arg-type]  # checked above
        data=data,
        source=ScarSource.NONCONFORMITY,
        nonconformity=nonconformity,
        delivery=nonconformity.delivery,
    )


def scar_issue_from_delivery(
    *, organization: Organization, actor: User | None, delivery: Delivery, data: dict
) -> SupplierCorrectiveAction:
    ensure_same_organization(organization=organization, record=delivery, field="delivery")
    if not delivery.quantity_rejected:
        raise ValidationError({"delivery": "Nothing of this delivery was rejected."})
    data = {
        "title": f"Rejected delivery {delivery}",
        "description": f"{delivery.quantity_rejected} of the delivery {delivery} were rejected.",
        **{key: value for key, value in data.items() if value},
    }
    return scar_issue(
        organization=organization,
        actor=actor,
        supplier=delivery.supplier,
        data=data,
        source=ScarSource.DELIVERY,
        delivery=delivery,
    )


def _locked(organization: Organization, scar: SupplierCorrectiveAction) -> SupplierCorrectiveAction:
    ensure_same_organization(organization=organization, record=scar, field="scar")
    return (
        SupplierCorrectiveAction.objects.select_for_update(of=("self",))
        .select_related("supplier", "owner")
        .get(pk=scar.pk)
    )


def _step(scar: SupplierCorrectiveAction, discipline: int) -> ScarStep:
    if discipline not in Discipline.values:
        raise ValidationError({"discipline": "An 8D has the steps D1 to D8."})
    return ScarStep.objects.select_for_update().get(scar=scar, discipline=discipline)


def refuse_step(step: ScarStep, action: str) -> ValidationError:
    """The refusal of ``action`` on ``step``, saying which step to answer or what is
    allowed now."""
    code = step.code
    if step.status == S.WAITING and action == "submit":
        return ValidationError(
            {
                "discipline": f"{code} opens once D{step.discipline - 1} is accepted: the 8D "
                f"is answered step by step."
            }
        )
    known = STEP_TRANSITIONS.get(action)
    names = [t.action for t in STEP_TRANSITIONS.values() if step.status in t.sources]
    verb = f"cannot {action}" if known else f"has no action {action!r}"
    tail = f"allowed: {', '.join(names)}." if names else "it allows no action now."
    return ValidationError(
        {"action": f"{code}, {step.get_status_display().lower()}, {verb}; {tail}"}
    )


def _open_scar(scar: SupplierCorrectiveAction) -> None:
    if scar.state != ScarState.OPEN:
        raise ValidationError(
            {"action": f"The 8D is {scar.get_state_display().lower()}: it takes no more answers."}
        )


def _ensure_supplier_side(
    organization: Organization, actor: User | None, scar: SupplierCorrectiveAction
) -> None:
    """A portal user answers only their own supplier's 8D."""
    if actor is None:
        return
    membership = Membership.objects.filter(organization=organization, user=actor).active().first()
    if (
        membership
        and membership.role == Role.SUPPLIER
        and membership.supplier_id != scar.supplier_id
    ):
        raise PermissionDenied("This 8D is not addressed to your company.")


def _check_answer(
    scar: SupplierCorrectiveAction, step: ScarStep, answer: str, is_not: str, escape_point: str
) -> None:
    if not answer:
        raise ValidationError({"answer": f"Write the answer to {step.code}."})
    if step.discipline == Discipline.D2 and not is_not:
        raise ValidationError(
            {"is_not": "Say what the problem is not (where, when, what it does not affect)."}
        )
    if step.discipline == Discipline.D4:
        if not escape_point:
            raise ValidationError(
                {"escape_point": "Say where the problem should have been caught and was not."}
            )
        if not root_cause.has_root_cause(scar.analysis):
            raise ValidationError(
                {
                    "analysis": "Give the root cause: answer a why, mark a fishbone cause as "
                    "root, or say it in words."
                }
            )


def step_submit(
    *,
    organization: Organization,
    actor: User | None,
    scar: SupplierCorrectiveAction,
    discipline: int,
    answer: str,
    is_not: str = "",
    escape_point: str = "",
    uploads: list[UploadedFile] | None = None,
    at: datetime | None = None,
) -> ScarStep:
    """The supplier's answer to a step (with evidence files); it then waits for the
    buyer's review. ``at`` (the demo's past) defaults to now."""
    uploads = list(uploads or [])
    answer = long_text("answer", answer, "answer")
    is_not = long_text("is_not", is_not, "is not")
    escape_point = long_text("escape_point", escape_point, "escape point")
    stored: list = []
    first = False
    try:
        with org_scope(organization), transaction.atomic(), acting_as(actor):
            scar = _locked(organization, scar)
            _ensure_supplier_side(organization, actor, scar)
            _open_scar(scar)
            step = _step(scar, discipline)
            if step.status not in STEP_TRANSITIONS["submit"].sources:
                raise refuse_step(step, "submit")
            _check_answer(scar, step, answer, is_not, escape_point)
            checked = check_uploads(uploads, existing=scar.attachments.count())
            now = at or timezone.now()
            first = step.first_answered_at is None
            step.answer, step.is_not, step.escape_point = answer, is_not, escape_point
            step.status = S.SUBMITTED
            step.first_answered_at = step.first_answered_at or now
            step.answered_at, step.answered_by = now, actor
            step.save()
            store_files(
                lambda check: ScarAttachment(
                    organization=organization,
                    scar=scar,
                    step=step,
                    original_name=check.name,
                    content_type=check.content_type,
                    size=check.size,
                ),
                uploads,
                checked,
                stored,
            )
            _event(scar, actor, "submitted", discipline=discipline, at=now)
            schedule_step_reminders(organization=organization, step=step, scar=scar)
            if first:
                # Responsiveness on the scorecard counts the period the step was due in.
                scorecard_recompute.scorecards_recompute_for_facts(
                    organization=organization,
                    actor=actor,
                    facts=[(scar.supplier_id, step.due_date)],
                    cause=ChangeCause.REQUEST_ANSWERED,
                )
    except BaseException:
        remove_files(stored)
        raise
    return step


def step_review(
    *,
    organization: Organization,
    actor: User | None,
    scar: SupplierCorrectiveAction,
    discipline: int,
    action: str,
    comment: str = "",
    at: datetime | None = None,
) -> ScarStep:
    """The buyer accepts a submitted step (the next one opens; D4 freezes the analysis; D8
    leaves the 8D awaiting its effectiveness check) or returns it with a comment. ``at``
    (the demo's past) defaults to now."""
    comment = long_text("comment", comment, "comment")
    transition = STEP_TRANSITIONS.get(action)
    with org_scope(organization), transaction.atomic():
        scar = _locked(organization, scar)
        _open_scar(scar)
        step = _step(scar, discipline)
        if action not in BUYER_ACTIONS or transition is None:
            raise refuse_step(step, action)
        if step.status not in transition.sources:
            raise refuse_step(step, action)
        if transition.note_required and not comment:
            raise ValidationError({"comment": transition.note_required})
        now = at or timezone.now()
        with acting_as(actor), audit_reason(comment):
            step.status = transition.target
            step.review_comment, step.reviewed_at, step.reviewed_by = comment, now, actor
            if action == "return":
                step.times_returned += 1
            step.save()
            _event(
                scar,
                actor,
                "accepted" if action == "accept" else "returned",
                discipline=discipline,
                note=comment,
                at=now,
            )
            if action == "accept":
                if discipline == Discipline.D4:
                    root_cause.analysis_freeze(organization=organization, analysis=scar.analysis)
                if discipline == Discipline.D8:
                    days = effectiveness_days(organization, scar)
                    scar.state = ScarState.EFFECTIVENESS_CHECK
                    accepted_on = now.astimezone(ZoneInfo(organization.timezone)).date()
                    scar.effectiveness_due_on = accepted_on + timedelta(days=days)
                    scar.save()
                    _event(
                        scar,
                        actor,
                        "awaiting effectiveness check",
                        note=f"Falls due on {scar.effectiveness_due_on.isoformat()}.",
                        at=now,
                    )
                else:
                    following = ScarStep.objects.select_for_update().get(
                        scar=scar, discipline=discipline + 1
                    )
                    following.status = S.OPEN
                    following.save()
                    scar.current_step = discipline + 1
                    scar.save()
                    schedule_step_reminders(organization=organization, step=following, scar=scar)
        schedule_step_reminders(organization=organization, step=step, scar=scar)
        if scar.state == ScarState.EFFECTIVENESS_CHECK:
            schedule_check_reminder(organization=organization, scar=scar)
    return step


def effectiveness_days(organization: Organization, scar: SupplierCorrectiveAction) -> int:
    """Days from D8's acceptance to the effectiveness check: the organisation's days for
    the severity of the 8D's nonconformity (medium without one)."""
    severity: str = Severity.MEDIUM
    if scar.nonconformity_id is not None:
        severity = (
            Nonconformity.objects.filter(organization=organization, pk=scar.nonconformity_id)
            .values_list("severity", flat=True)
            .first()
            or Severity.MEDIUM
        )
    return organization_settings.effectiveness_days(organization, severity)


def allowed_check_actions(state: str) -> list[Transition]:
    return allowed(CHECK_TRANSITIONS, state)


def scar_transition(
    *,
    organization: Organization,
    actor: User | None,
    scar: SupplierCorrectiveAction,
    action: str,
    note: str = "",
    password: str = "",
    at: datetime | None = None,
) -> SupplierCorrectiveAction:
    """After D8: record the effectiveness check (``effective`` or ``not_effective``, by a
    manager other than the owner, not before it falls due) or sign the closure of an
    effective 8D (``close``, with the password; by someone other than the owner unless the
    organisation allows it)."""
    note = long_text("note", note, "note")
    at = at or timezone.now()
    day = at.astimezone(ZoneInfo(organization.timezone)).date()
    with org_scope(organization), transaction.atomic():
        scar = _locked(organization, scar)
        chosen = CHECK_TRANSITIONS.get(action)
        if chosen is None or scar.state not in chosen.sources:
            raise refuse_transition(
                CHECK_TRANSITIONS, "supplier 8D", scar.get_state_display(), scar.state, action
            )
        if chosen.note_required and not note:
            raise ValidationError({"note": chosen.note_required})
        if role_of(organization, actor) not in WRITER_ROLES:
            raise PermissionDenied("Your role may not check or close a supplier's 8D.")
        if action == "close":
            owner_may = organization_settings.current(organization)["owner_may_close"]
            if actor is not None and actor.pk == scar.owner_id and not owner_may:
                raise PermissionDenied(
                    "The closure is signed by someone other than the 8D's owner (the "
                    "organisation's setting)."
                )
            if not password:
                raise ValidationError(
                    {"password": "Sign with your password: the closure is signed."}
                )
            scar.closed_at, scar.closed_by = at, actor
        else:
            if actor is not None and actor.pk == scar.owner_id:
                raise PermissionDenied(
                    "The effectiveness check is made by someone other than the 8D's owner."
                )
            if scar.effectiveness_due_on and day < scar.effectiveness_due_on:
                raise ValidationError(
                    {
                        "action": "The effectiveness check falls due on "
                        f"{scar.effectiveness_due_on.isoformat()}; it cannot be recorded before."
                    }
                )
            scar.effectiveness_result = note
            scar.effectiveness_checked_at, scar.effectiveness_checked_by = at, actor
            if action == "not_effective":
                scar.closed_at, scar.closed_by = at, actor
        scar.state = chosen.target
        with acting_as(actor), audit_reason(note[:500]):
            scar.save()
            verb = "closed (signed)" if action == "close" else action.replace("_", " ")
            _event(scar, actor, verb, note=note, at=at)
        if action == "close":
            signature = signature_create(
                organization=organization,
                signer=actor,  # type: ignore[arg-type]  # a writer: checked above
                password=password,
                record=scar,
                meaning=f"Closed the supplier 8D {scar.reference}, found effective",
            )
            with acting_as(actor):
                scar.closure_signature = signature
                scar.save()
        schedule_check_reminder(organization=organization, scar=scar)
    return scar


def schedule_check_reminder(*, organization: Organization, scar: SupplierCorrectiveAction) -> None:
    """The effectiveness check's reminder while one is awaited, to the managers other than
    the owner (who may not make it); cancelled once it is recorded."""
    if scar.state == ScarState.EFFECTIVENESS_CHECK and scar.effectiveness_due_on:
        scheduling.reminder_schedule(
            organization=organization,
            kind=SCAR_EFFECTIVENESS_DUE.key,
            record=scar,
            due_date=scar.effectiveness_due_on,
            recipients=check_makers(organization, scar.owner),
            url=reverse(
                "corrective_actions:scar_detail",
                kwargs={"org_slug": organization.slug, "pk": scar.pk},
            ),
        )
    else:
        scheduling.reminders_cancel(
            organization=organization,
            record=scar,
            kind=SCAR_EFFECTIVENESS_DUE.key,
            reason=f"the 8D is {scar.get_state_display().lower()}",
        )


def scar_note(
    *, organization: Organization, actor: User | None, scar: SupplierCorrectiveAction, note: str
) -> ScarEvent:
    """A note of the buyer's on the 8D's history: never shown in the portal."""
    note = long_text("note", note, "note")
    if not note:
        raise ValidationError({"note": "Write the note."})
    with org_scope(organization), transaction.atomic(), acting_as(actor):
        scar = _locked(organization, scar)
        return _event(scar, actor, "note", note=note, internal=True)


def scar_update(
    *, organization: Organization, actor: User | None, scar: SupplierCorrectiveAction, data: dict
) -> SupplierCorrectiveAction:
    """Change the title, what is asked, the internal note or the owner."""
    with org_scope(organization), transaction.atomic(), acting_as(actor):
        scar = _locked(organization, scar)
        if "owner" in data and data["owner"] is not None:
            ensure_owner(organization=organization, user=data["owner"], field="owner")
        for field in ISSUE_FIELDS:
            if field in data:
                value = data[field]
                if field in ("description", "internal_note"):
                    value = long_text(field, value, field.replace("_", " "))
                elif field == "title":
                    value = text(value)
                setattr(scar, field, value)
        if not scar.title:
            raise ValidationError({"title": "Say what the 8D is about."})
        validate(scar)
        scar.save()
        for step in scar.steps.filter(status__in=(*AWAITING_SUPPLIER, S.SUBMITTED)):
            schedule_step_reminders(organization=organization, step=step, scar=scar)
    return scar


def scar_cancel(
    *, organization: Organization, actor: User | None, scar: SupplierCorrectiveAction, reason: str
) -> SupplierCorrectiveAction:
    reason = long_text("reason", reason, "reason")
    if not reason:
        raise ValidationError({"reason": "Say why the 8D is cancelled."})
    with org_scope(organization), transaction.atomic():
        scar = _locked(organization, scar)
        _open_scar(scar)
        with acting_as(actor), audit_reason(reason):
            scar.state, scar.closed_at = ScarState.CANCELLED, timezone.now()
            scar.save()
            _event(scar, actor, "cancelled", note=reason)
        for step in scar.steps.all():
            scheduling.reminders_cancel(
                organization=organization, record=step, reason="the 8D is cancelled"
            )
    return scar


def analysis_for_supplier(
    *, organization: Organization, actor: User | None, scar: SupplierCorrectiveAction
) -> RootCauseAnalysis:
    """D4's analysis, for the supplier to edit with ``corrective_actions.services.root_cause``
    while D4 awaits their answer; refused otherwise."""
    with org_scope(organization):
        ensure_same_organization(organization=organization, record=scar, field="scar")
        _ensure_supplier_side(organization, actor, scar)
        _open_scar(scar)
        step = ScarStep.objects.get(scar=scar, discipline=Discipline.D4)
        if step.status not in AWAITING_SUPPLIER:
            raise ValidationError(
                {
                    "analysis": "The root cause analysis is edited while D4 awaits the "
                    f"supplier's answer; D4 is {step.get_status_display().lower()}."
                }
            )
        return RootCauseAnalysis.objects.get(pk=scar.analysis_id)


def portal_users(organization: Organization, supplier_id: int) -> list:
    memberships = (
        Membership.objects.filter(
            organization=organization, supplier_id=supplier_id, role=Role.SUPPLIER
        )
        .active()
        .select_related("user")
    )
    return [membership.user for membership in memberships]


def schedule_step_reminders(
    *, organization: Organization, step: ScarStep, scar: SupplierCorrectiveAction | None = None
) -> None:
    """An open or returned step: the due-soon reminder to the supplier's portal users (with
    its escalation to the owner once overdue); a submitted one: the review reminder to the
    owner. Anything else cancels the step's reminders."""
    scar = scar or step.scar
    slug = organization.slug
    if scar.state != ScarState.OPEN or step.status not in (*AWAITING_SUPPLIER, S.SUBMITTED):
        scheduling.reminders_cancel(
            organization=organization, record=step, reason="the step needs nothing more"
        )
        return
    today = organization_today(organization)
    if step.status in AWAITING_SUPPLIER:
        scheduling.reminders_cancel(
            organization=organization,
            record=step,
            reason="the step awaits the supplier",
            kind=SCAR_STEP_SUBMITTED.key,
        )
        scheduling.reminder_schedule(
            organization=organization,
            kind=SCAR_STEP_DUE.key,
            record=step,
            due_date=step.due_date,
            send_on=max(today, step.due_date - timedelta(days=SCAR_STEP_DUE_SOON_DAYS)),
            recipients=portal_users(organization, scar.supplier_id),
            url=reverse("portal:scar_detail", kwargs={"org_slug": slug, "pk": scar.pk}),
        )
        return
    scheduling.reminders_cancel(
        organization=organization,
        record=step,
        reason="the supplier answered",
        kind=SCAR_STEP_DUE.key,
    )
    scheduling.reminder_schedule(
        organization=organization,
        kind=SCAR_STEP_SUBMITTED.key,
        record=step,
        due_date=today,
        recipients=[scar.owner] if scar.owner is not None else [],
        url=reverse("corrective_actions:scar_detail", kwargs={"org_slug": slug, "pk": scar.pk}),
    )
