"""Corrective actions' writes (ISO 9001 10.2): open one (from a nonconformity, a complaint,
or on its own), change its details, plan and follow its actions, attach evidence, and move
it through its states.

``ca_transition`` is the one place that knows the allowed moves (``TRANSITIONS``, every
state x every action tested): decide whether action is needed, start the actions once a
root cause is found (the analysis is then frozen), verify the actions done (which schedules
the effectiveness check a number of days later, by severity), record the check (by someone
other than the owner; "not effective" ends this cycle and opens the next one, linked), and
sign the closure (by someone other than the owner unless the organisation allows it). A
move the state does not allow is refused naming the allowed ones; nothing is half-saved.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from corrective_actions import organization_settings
from corrective_actions.models import (
    ActionStep,
    CorrectiveAction,
    CorrectiveActionAttachment,
    CorrectiveActionEvent,
    Nonconformity,
)
from corrective_actions.models.corrective_actions import CaSource, CaState, StepStatus
from corrective_actions.reminder_kinds import ACTION_STEP_DUE, EFFECTIVENESS_CHECK_DUE
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
from relmgmt.core.validation import ensure_same_organization
from relmgmt.notifications.services import scheduling
from relmgmt.policy import WRITER_ROLES
from relmgmt.tenancy.services import ensure_owner

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from relmgmt.accounts.models import User
    from relmgmt.tenancy.models import Organization

S = CaState
DETAIL_FIELDS = (
    "source",
    "category",
    "severity",
    "title",
    "problem_statement",
    "containment",
    "source_reference",
    "nonconformity",
    "complaint",
    "party",
    "supplier",
    "risk",
    "survey_response",
    "owner",
    "effectiveness_criterion",
    "risks_updated",
    "qms_changes",
)
RELATED = ("nonconformity", "complaint", "party", "supplier", "risk", "survey_response", "owner")
LONG = {
    "problem_statement": "problem statement",
    "containment": "containment",
    "effectiveness_criterion": "effectiveness criterion",
    "risks_updated": "update of risks and opportunities",
    "qms_changes": "change to the QMS",
}
# Where the analysis and the actions may still be edited.
PLANNING_STATES = (S.OPEN, S.ANALYSIS, S.IMPLEMENTATION)

TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition("decide_needed", "Action is needed", (S.OPEN,), S.ANALYSIS),
        Transition(
            "decide_not_needed",
            "No action is needed",
            (S.OPEN,),
            S.NO_ACTION,
            "Say why no action is needed (ISO 9001 10.2.1 b).",
        ),
        Transition("start_actions", "Start the actions", (S.ANALYSIS,), S.IMPLEMENTATION),
        Transition(
            "verify",
            "Verify the actions were done",
            (S.IMPLEMENTATION,),
            S.EFFECTIVENESS_CHECK,
            "Say how the actions were verified.",
        ),
        Transition(
            "effective",
            "Effective",
            (S.EFFECTIVENESS_CHECK,),
            S.EFFECTIVE,
            "Give the result of the effectiveness check.",
        ),
        Transition(
            "not_effective",
            "Not effective (opens the next cycle)",
            (S.EFFECTIVENESS_CHECK,),
            S.NOT_EFFECTIVE,
            "Give the result of the effectiveness check.",
        ),
        Transition("close", "Close (signed)", (S.EFFECTIVE,), S.CLOSED),
        Transition(
            "cancel",
            "Cancel",
            (S.OPEN, S.ANALYSIS, S.IMPLEMENTATION),
            S.CANCELLED,
            "Say why the corrective action is cancelled.",
        ),
    )
}


def allowed_actions(state: str) -> list[Transition]:
    return allowed(TRANSITIONS, state)


# --- Details ----------------------------------------------------------------------------


def _apply(organization: Organization, record: CorrectiveAction, data: dict) -> None:
    for field in DETAIL_FIELDS:
        if field not in data:
            continue
        value = data[field]
        if field in LONG:
            value = long_text(field, value, LONG[field])
        elif field not in RELATED:
            value = text(value)
        setattr(record, field, value)
    for field in ("nonconformity", "complaint", "party", "supplier", "risk", "survey_response"):
        ensure_same_organization(
            organization=organization, record=getattr(record, field), field=field
        )
    if not record.owner_id:
        raise ValidationError({"owner": "Choose the owner."})
    ensure_owner(organization=organization, user=record.owner, field="owner")
    nc = record.nonconformity if record.nonconformity_id else None
    if nc is not None:
        record.supplier_id = record.supplier_id or nc.supplier_id
        record.party_id = record.party_id or nc.party_id
        record.complaint_id = record.complaint_id or nc.complaint_id
    if record.complaint is not None and not record.party_id:
        record.party_id = record.complaint.party_id
    if record.supplier is not None and not record.party_id:
        record.party_id = record.supplier.party_id
    for source in (record.risk, record.survey_response):
        if source is not None and not record.party_id:
            record.party_id = source.party_id
    if record.source == CaSource.NONCONFORMITY and nc is None:
        raise ValidationError({"nonconformity": "Choose the nonconformity it comes from."})
    if record.source == CaSource.COMPLAINT and not record.complaint_id:
        raise ValidationError({"complaint": "Choose the complaint it comes from."})
    if record.source == CaSource.RISK and not record.risk_id:
        raise ValidationError({"risk": "Choose the risk or opportunity it comes from."})
    if record.source == CaSource.SURVEY_ANSWER and not record.survey_response_id:
        raise ValidationError({"survey_response": "Choose the survey answer it comes from."})
    if record.source == CaSource.AUDIT_FINDING and not record.source_reference:
        raise ValidationError(
            {"source_reference": "Give the audit finding's reference (the audit and the finding)."}
        )
    if not record.problem_statement:
        raise ValidationError({"problem_statement": "State the problem."})


def _validate(record: CorrectiveAction) -> None:
    record.full_clean(exclude=["organization", "analysis", *RELATED], validate_unique=False)


def ca_create(
    *,
    organization: Organization,
    actor: User | None,
    data: dict,
    opened_at: datetime | None = None,
    previous: CorrectiveAction | None = None,
) -> CorrectiveAction:
    """Open a corrective action, numbered ``CA-<year>-<nnnn>``, with an empty analysis."""
    record = CorrectiveAction(organization=organization)
    with org_scope(organization):
        _apply(organization, record, data)
    record.opened_at = opened_at or timezone.now()
    record.year = year_of(organization, record.opened_at)
    record.number = 0
    record.reference = "CA-new"
    if previous is not None:
        record.previous = previous
        record.cycle = previous.cycle + 1
    _validate(record)
    with org_scope(organization), transaction.atomic(), acting_as(actor):
        record.analysis = root_cause.analysis_create(organization=organization)
        record.number = next_number(organization, CorrectiveAction, record.year)
        record.reference = f"CA-{record.year}-{record.number:04d}"
        record.save()
        note = f"Next cycle of {previous.reference}." if previous is not None else "Opened."
        _event(organization, record, "", S.OPEN, actor, record.opened_at, note)
    return record


def ca_from_nonconformity(
    *,
    organization: Organization,
    actor: User | None,
    nonconformity: Nonconformity,
    owner: User | None = None,
    data: dict | None = None,
) -> CorrectiveAction:
    """Open the corrective action of a nonconformity: its problem, severity, category,
    containment and links carried over."""
    ensure_same_organization(organization=organization, record=nonconformity, field="nonconformity")
    problem = f"{nonconformity.title}. {nonconformity.description}".strip()
    fields = {
        "source": CaSource.NONCONFORMITY,
        "nonconformity": nonconformity,
        "category": nonconformity.category,
        "severity": nonconformity.severity,
        "title": nonconformity.title,
        "problem_statement": problem,
        "containment": nonconformity.containment,
        "owner": owner or nonconformity.owner or actor,
        **(data or {}),
    }
    return ca_create(organization=organization, actor=actor, data=fields)


def ca_update(
    *,
    organization: Organization,
    actor: User | None,
    corrective_action: CorrectiveAction,
    data: dict,
    reason: str = "",
) -> CorrectiveAction:
    """Change the details; a corrective action in a final state is kept as it was."""
    ensure_same_organization(
        organization=organization, record=corrective_action, field="corrective_action"
    )
    with org_scope(organization), transaction.atomic():
        record = CorrectiveAction.objects.select_for_update().get(pk=corrective_action.pk)
        if not record.is_open:
            raise ValidationError(
                f"A corrective action that is {record.get_state_display().lower()} cannot be "
                "changed."
            )
        old_owner = record.owner_id
        _apply(organization, record, data)
        _validate(record)
        with acting_as(actor), audit_reason(reason):
            record.save()
        if record.owner_id != old_owner:
            _schedule_check(organization, record)
    return record


# --- Actions (steps) --------------------------------------------------------------------


def _ensure_planning(record: CorrectiveAction) -> None:
    if record.state not in PLANNING_STATES:
        raise ValidationError(
            f"The actions of a corrective action that is {record.get_state_display().lower()} "
            "cannot be changed."
        )


def _apply_step(organization: Organization, step: ActionStep, data: dict, today: date) -> None:
    if "description" in data:
        step.description = text(data["description"])
    if "owner" in data:
        step.owner = data["owner"]
    if "due_on" in data:
        step.due_on = data["due_on"]
    if "evidence" in data:
        step.evidence = long_text("evidence", data["evidence"], "evidence")
    if "status" in data:
        step.status = data["status"]
    if not step.description:
        raise ValidationError({"description": "Say what is to be done."})
    if not step.owner_id:
        raise ValidationError({"owner": "Choose who does it."})
    ensure_owner(organization=organization, user=step.owner, field="owner")
    if step.due_on is None:
        raise ValidationError({"due_on": "Give the due date."})
    if step.status not in StepStatus.values:
        raise ValidationError({"status": f"Choose a status: {', '.join(StepStatus.values)}."})
    if step.status == StepStatus.DONE:
        if not step.evidence:
            raise ValidationError({"evidence": "Say what shows the action was done."})
        step.done_on = step.done_on or today
    else:
        step.done_on = None
    step.full_clean(exclude=["organization", "corrective_action", "owner"], validate_unique=False)


def step_add(
    *,
    organization: Organization,
    actor: User | None,
    corrective_action: CorrectiveAction,
    data: dict,
) -> ActionStep:
    ensure_same_organization(
        organization=organization, record=corrective_action, field="corrective_action"
    )
    with org_scope(organization), transaction.atomic():
        record = CorrectiveAction.objects.select_for_update().get(pk=corrective_action.pk)
        _ensure_planning(record)
        step = ActionStep(
            organization=organization, corrective_action=record, status=StepStatus.PLANNED
        )
        _apply_step(organization, step, data, organization_today(organization))
        with acting_as(actor):
            step.save()
        _schedule_step(organization, record, step)
    return step


def step_update(
    *,
    organization: Organization,
    actor: User | None,
    step: ActionStep,
    data: dict,
    reason: str = "",
) -> ActionStep:
    ensure_same_organization(organization=organization, record=step, field="step")
    with org_scope(organization), transaction.atomic():
        record = CorrectiveAction.objects.select_for_update().get(pk=step.corrective_action_id)
        _ensure_planning(record)
        step = ActionStep.objects.select_for_update().get(pk=step.pk)
        _apply_step(organization, step, data, organization_today(organization))
        with acting_as(actor), audit_reason(reason):
            step.save()
        _schedule_step(organization, record, step)
    return step


# --- Evidence files ---------------------------------------------------------------------


def attachment_add(
    *,
    organization: Organization,
    actor: User | None,
    corrective_action: CorrectiveAction,
    uploads: list[UploadedFile],
) -> list[CorrectiveActionAttachment]:
    ensure_same_organization(
        organization=organization, record=corrective_action, field="corrective_action"
    )
    if not uploads:
        raise ValidationError({"attachments": "Choose a file."})
    stored: list[CorrectiveActionAttachment] = []
    try:
        with org_scope(organization), transaction.atomic(), acting_as(actor):
            existing = CorrectiveActionAttachment.objects.filter(
                corrective_action=corrective_action
            ).count()
            checked = check_uploads(uploads, existing)
            store_files(
                lambda check: CorrectiveActionAttachment(
                    organization=organization,
                    corrective_action=corrective_action,
                    original_name=check.name,
                    content_type=check.content_type,
                    size=check.size,
                ),
                uploads,
                checked,
                stored,
            )
    except BaseException:
        remove_files(stored)
        raise
    return stored


# --- Transitions ------------------------------------------------------------------------


def ca_transition(
    *,
    organization: Organization,
    actor: User | None,
    corrective_action: CorrectiveAction,
    action: str,
    note: str = "",
    password: str = "",
    criterion: str = "",
    at: datetime | None = None,
) -> CorrectiveAction:
    """Move a corrective action by ``action`` (a key of ``TRANSITIONS``). Returns it as
    moved; after ``not_effective`` its next cycle is ``record.next_cycles.get()``."""
    ensure_same_organization(
        organization=organization, record=corrective_action, field="corrective_action"
    )
    note = long_text("note", note, "note")
    criterion = long_text("criterion", criterion, "effectiveness criterion")
    at = at or timezone.now()
    day = at.astimezone(ZoneInfo(organization.timezone)).date()
    with org_scope(organization), transaction.atomic():
        record = (
            CorrectiveAction.objects.select_for_update()
            .select_related("analysis")
            .get(pk=corrective_action.pk)
        )
        chosen = TRANSITIONS.get(action)
        if chosen is None or record.state not in chosen.sources:
            raise refuse_transition(
                TRANSITIONS, "corrective action", record.get_state_display(), record.state, action
            )
        if chosen.note_required and not note:
            raise ValidationError({"note": chosen.note_required})
        source = record.state
        check = _CHECKS.get(action)
        if check is not None:
            check(_Move(organization, record, actor, note, criterion, password, at, day))
        record.state = chosen.target
        with acting_as(actor), audit_reason(note[:500]):
            record.save()
            _event(organization, record, source, record.state, actor, at, note)
        if action == "start_actions":
            root_cause.analysis_freeze(organization=organization, analysis=record.analysis)
        if action == "close":
            signature = signature_create(
                organization=organization,
                signer=actor,  # type: ignore[arg-type]
                password=password,
                record=record,
                meaning=f"Closed the corrective action {record.reference}, found effective",
            )
            with acting_as(actor):
                record.closure_signature = signature
                record.save()
        if action == "not_effective":
            _next_cycle(organization, record, actor, note, at)
        _schedule_check(organization, record)
    return record


@dataclass(frozen=True)
class _Move:
    organization: Organization
    record: CorrectiveAction
    actor: User | None
    note: str
    criterion: str
    password: str
    at: datetime
    day: date


def _decide(move: _Move) -> None:
    move.record.action_needed = True
    move.record.decision_note = move.note


def _decide_not(move: _Move) -> None:
    move.record.action_needed = False
    move.record.decision_note = move.note
    move.record.closed_at = move.at
    move.record.closed_by = move.actor


def _start(move: _Move) -> None:
    if not root_cause.has_root_cause(move.record.analysis):
        raise ValidationError(
            {
                "action": "Find the root cause first: answer a why, mark a fishbone cause as "
                "root, or describe it in words."
            }
        )
    if not ActionStep.objects.filter(corrective_action=move.record).exists():
        raise ValidationError({"action": "Plan at least one action first."})


def _verify(move: _Move) -> None:
    steps = list(ActionStep.objects.filter(corrective_action=move.record))
    still_open = [step for step in steps if step.is_open]
    if still_open:
        raise ValidationError(
            {
                "action": f"{len(still_open)} action{'s are' if len(still_open) > 1 else ' is'} "
                "not done yet: " + "; ".join(step.description[:60] for step in still_open[:3]) + "."
            }
        )
    if not any(step.status == StepStatus.DONE for step in steps):
        raise ValidationError({"action": "No action is done: nothing can be verified."})
    if move.criterion:
        move.record.effectiveness_criterion = move.criterion
    if not move.record.effectiveness_criterion:
        raise ValidationError(
            {"criterion": "Say what will show the actions worked (the effectiveness criterion)."}
        )
    move.record.verified_at = move.at
    move.record.verified_by = move.actor
    move.record.verification_note = move.note
    days = organization_settings.effectiveness_days(move.organization, move.record.severity)
    move.record.effectiveness_due_on = move.day + timedelta(days=days)


def _ensure_not_owner_checks(record: CorrectiveAction, actor: User | None) -> None:
    if actor is not None and actor.pk == record.owner_id:
        raise PermissionDenied(
            "The effectiveness check is made by someone other than the corrective action's owner."
        )


def _check(move: _Move) -> None:
    _ensure_not_owner_checks(move.record, move.actor)
    if move.record.effectiveness_due_on and move.day < move.record.effectiveness_due_on:
        raise ValidationError(
            {
                "action": "The effectiveness check falls due on "
                f"{move.record.effectiveness_due_on.isoformat()}; it cannot be recorded before."
            }
        )
    move.record.effectiveness_result = move.note
    move.record.effectiveness_checked_at = move.at
    move.record.effectiveness_checked_by = move.actor


def _not_effective(move: _Move) -> None:
    _check(move)
    move.record.closed_at = move.at
    move.record.closed_by = move.actor


def _close(move: _Move) -> None:
    owner_may = organization_settings.current(move.organization)["owner_may_close"]
    if move.actor is not None and move.actor.pk == move.record.owner_id and not owner_may:
        raise PermissionDenied(
            "The closure is signed by someone other than the owner (the organisation's setting)."
        )
    if role_of(move.organization, move.actor) not in WRITER_ROLES:
        raise PermissionDenied("Your role may not close a corrective action.")
    if not move.password:
        raise ValidationError({"password": "Sign with your password: the closure is signed."})
    move.record.closed_at = move.at
    move.record.closed_by = move.actor


def _cancel(move: _Move) -> None:
    move.record.closed_at = move.at
    move.record.closed_by = move.actor


_CHECKS = {
    "decide_needed": _decide,
    "decide_not_needed": _decide_not,
    "start_actions": _start,
    "verify": _verify,
    "effective": _check,
    "not_effective": _not_effective,
    "close": _close,
    "cancel": _cancel,
}


def _next_cycle(
    organization: Organization,
    record: CorrectiveAction,
    actor: User | None,
    note: str,
    at: datetime,
) -> CorrectiveAction:
    problem = (
        f"{record.problem_statement}\n\nThe actions of {record.reference} were not effective: "
        f"{note}"
    )
    return ca_create(
        organization=organization,
        actor=actor,
        previous=record,
        opened_at=at,
        data={
            "source": CaSource.PREVIOUS_CYCLE,
            "category": record.category,
            "severity": record.severity,
            "title": record.title,
            "problem_statement": problem[:20000],
            "containment": record.containment,
            "nonconformity": record.nonconformity,
            "complaint": record.complaint,
            "party": record.party,
            "supplier": record.supplier,
            "owner": record.owner,
            "effectiveness_criterion": record.effectiveness_criterion,
        },
    )


def _event(
    organization: Organization,
    record: CorrectiveAction,
    from_state: str,
    to_state: str,
    actor: User | None,
    at: datetime,
    note: str,
) -> None:
    CorrectiveActionEvent.objects.create(
        organization=organization,
        corrective_action=record,
        from_state=from_state,
        to_state=to_state,
        at=at,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        note=note,
    )


# --- Reminders --------------------------------------------------------------------------


def _url(organization: Organization, record: CorrectiveAction) -> str:
    return reverse(
        "corrective_actions:ca_detail", kwargs={"org_slug": organization.slug, "pk": record.pk}
    )


def _schedule_step(organization: Organization, record: CorrectiveAction, step: ActionStep) -> None:
    if step.is_open and record.is_open:
        scheduling.reminder_schedule(
            organization=organization,
            kind=ACTION_STEP_DUE.key,
            record=step,
            due_date=step.due_on,
            recipients=[step.owner],
            url=_url(organization, record),
        )
    else:
        scheduling.reminders_cancel(
            organization=organization,
            record=step,
            kind=ACTION_STEP_DUE.key,
            reason="the action is no longer open",
        )


def _schedule_check(organization: Organization, record: CorrectiveAction) -> None:
    """The effectiveness check's reminder while one is awaited (to the managers other than
    the owner, who may not make it); open steps' reminders stop with the corrective action."""
    if record.state == S.EFFECTIVENESS_CHECK and record.effectiveness_due_on:
        scheduling.reminder_schedule(
            organization=organization,
            kind=EFFECTIVENESS_CHECK_DUE.key,
            record=record,
            due_date=record.effectiveness_due_on,
            recipients=check_makers(organization, record.owner),
            url=_url(organization, record),
        )
    else:
        scheduling.reminders_cancel(
            organization=organization,
            record=record,
            kind=EFFECTIVENESS_CHECK_DUE.key,
            reason=f"the corrective action is {record.get_state_display().lower()}",
        )
    if not record.is_open:
        for step in ActionStep.objects.filter(corrective_action=record):
            if step.is_open:
                scheduling.reminders_cancel(
                    organization=organization,
                    record=step,
                    kind=ACTION_STEP_DUE.key,
                    reason="the corrective action ended",
                )
