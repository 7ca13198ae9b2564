"""Questionnaires sent to suppliers: send, answer (draft or submit), review (accept with a
score, or return with comments), cancel; and their reminders.

The way of one questionnaire: sent → (draft) → submitted → accepted, or → returned →
(the supplier edits) → submitted again → …; cancelled from any step before accepted.
Each step is a ``QuestionnaireEvent``; each answer's earlier values are in the audit trail.
A refused write leaves nothing behind: no row, no status change, no file.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from relmgmt.audit.context import acting_as
from relmgmt.core.dates import organization_today
from relmgmt.core.scoping import org_scope
from relmgmt.core.validation import ensure_same_organization
from relmgmt.notifications.services import scheduling
from relmgmt.policy import Role
from relmgmt.tenancy.models import Membership
from relmgmt.tenancy.services import ensure_member
from suppliers.models import (
    QuestionnaireAnswer,
    QuestionnaireEvent,
    QuestionnaireRequest,
    QuestionnaireTemplate,
    Supplier,
)
from suppliers.models.questionnaires import OPEN_STATUSES, QuestionKind, RequestStatus
from suppliers.models.register import ApprovalStatus
from suppliers.models.scorecards import ChangeCause
from suppliers.reminder_kinds import QUESTIONNAIRE_DUE, QUESTIONNAIRE_SUBMITTED
from suppliers.services.certificates import _remove_file
from suppliers.services.questionnaires import scoring
from suppliers.services.questionnaires.answers import check_answer_file, clean_value, field_name
from suppliers.services.scorecards import recompute as scorecard_recompute

if TYPE_CHECKING:
    from relmgmt.accounts.models import User
    from relmgmt.tenancy.models import Organization
    from suppliers.models import Question

# The supplier's portal users hear of a due questionnaire this many days before the date.
DUE_WARNING_DAYS = 7


def _event(
    request: QuestionnaireRequest,
    action: str,
    actor: User | None,
    comment: str = "",
    score: Any = None,
) -> None:
    QuestionnaireEvent.objects.create(
        organization_id=request.organization_id,
        request=request,
        action=action,
        comment=comment,
        score=score,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        occurred_at=timezone.now(),
    )


def _locked(organization: Organization, request: QuestionnaireRequest) -> QuestionnaireRequest:
    ensure_same_organization(organization=organization, record=request, field="questionnaire")
    return (
        QuestionnaireRequest.objects.select_for_update(of=("self",))
        .select_related("supplier__party", "supplier__owner", "template")
        .get(pk=request.pk)
    )


# --- Send ---------------------------------------------------------------------------------


def questionnaire_send(
    *,
    organization: Organization,
    actor: User | None,
    template: QuestionnaireTemplate,
    suppliers: Iterable[Supplier],
    due_date: date,
    message: str = "",
) -> list[QuestionnaireRequest]:
    """Send ``template`` to each of ``suppliers``, due on ``due_date``. The template is
    frozen from now on."""
    ensure_same_organization(organization=organization, record=template, field="template")
    suppliers = list(suppliers or [])
    errors = {}
    if not suppliers:
        errors["suppliers"] = "Choose at least one supplier."
    for supplier in suppliers:
        ensure_same_organization(organization=organization, record=supplier, field="suppliers")
    today = organization_today(organization)
    if due_date is None:
        errors["due_date"] = "Give the date the answers are due."
    elif due_date <= today:
        errors["due_date"] = "The due date must be after today."
    if errors:
        raise ValidationError(errors)
    sent = []
    with org_scope(organization), transaction.atomic():
        template = QuestionnaireTemplate.objects.select_for_update().get(pk=template.pk)
        if not template.questions.exists():
            raise ValidationError({"template": f"“{template}” has no question yet."})
        locked = Supplier.objects.select_related("party", "owner").filter(
            pk__in=[supplier.pk for supplier in suppliers]
        )
        _refuse_unfit_suppliers(template, locked)
        now = timezone.now()
        with acting_as(actor):
            if not template.is_frozen:
                template.frozen_at = now
                template.save(update_fields=["frozen_at", "updated_at"])
            for supplier in locked:
                request = QuestionnaireRequest.objects.create(
                    organization=organization,
                    supplier=supplier,
                    template=template,
                    due_date=due_date,
                    message=str(message or "").strip(),
                    sent_by=actor if getattr(actor, "is_authenticated", False) else None,
                    sent_at=now,
                )
                _event(request, QuestionnaireEvent.Action.SENT, actor)
                schedule_due_reminder(organization=organization, request=request, today=today)
                sent.append(request)
    return sent


def _refuse_unfit_suppliers(template: QuestionnaireTemplate, suppliers: Iterable[Supplier]) -> None:
    problems = []
    for supplier in suppliers:
        if supplier.status == ApprovalStatus.DISQUALIFIED:
            problems.append(f"{supplier} is disqualified.")
    already = QuestionnaireRequest.objects.filter(
        template=template,
        supplier__in=suppliers,
        status__in=[*OPEN_STATUSES, RequestStatus.SUBMITTED],
    ).select_related("supplier__party")
    for request in already:
        problems.append(
            f"{request.supplier} already has this questionnaire open "
            f"(due {request.due_date:%Y-%m-%d})."
        )
    if problems:
        raise ValidationError({"suppliers": problems})


# --- Answer (the supplier's portal users) -------------------------------------------------


def ensure_portal_user(
    *, organization: Organization, user: User | None, supplier: Supplier
) -> None:
    """Only the supplier's own, active portal users answer its questionnaires."""
    acts_for = (
        Membership.objects.filter(
            organization=organization, user=user, role=Role.SUPPLIER, supplier=supplier
        )
        .active()
        .exists()
    )
    if not acts_for:
        raise PermissionDenied("Only the supplier's portal users answer its questionnaires.")


def answers_save(
    *,
    organization: Organization,
    actor: User | None,
    request: QuestionnaireRequest,
    values: dict | None = None,
    files: dict | None = None,
    submit: bool = False,
    on_behalf: bool = False,
) -> QuestionnaireRequest:
    """Save answers ({question id: value}, {question id: uploaded file}); with ``submit``,
    hand them in for review, which needs every required question answered. All or nothing.

    ``on_behalf``: a member of the organisation types in answers the supplier sent on paper
    or by email (the trail names that member); otherwise only the supplier's own portal
    users may answer."""
    values, files = dict(values or {}), dict(files or {})
    stored = []
    try:
        with org_scope(organization), transaction.atomic():
            request = _locked(organization, request)
            if on_behalf:
                if actor is None:
                    raise PermissionDenied("Say which member types in the supplier's answers.")
                ensure_member(organization=organization, user=actor, field="actor")
            else:
                ensure_portal_user(organization=organization, user=actor, supplier=request.supplier)
            if not request.is_open:
                raise ValidationError(
                    f"This questionnaire is {request.get_status_display().lower()}; its "
                    "answers can no longer be changed."
                )
            questions = {q.pk: q for q in request.template.questions.all()}
            answers = {a.question_id: a for a in request.answers.select_for_update()}
            cleaned, checked, errors = {}, {}, {}
            for key in {*values, *files}:
                question = questions.get(_as_int(key))
                if question is None:
                    errors[f"question_{key}"] = "This is not a question of this questionnaire."
                    continue
                try:
                    if key in files and files[key] is not None:
                        checked[question.pk] = (files[key], check_answer_file(question, files[key]))
                    elif question.kind != QuestionKind.FILE:
                        cleaned[question.pk] = clean_value(question, values.get(key))
                    else:
                        # A value where a file is due is refused, not ignored (the API
                        # may send one; an empty value leaves the file as it is).
                        clean_value(question, values.get(key))
                except ValidationError as error:
                    errors[field_name(question)] = error.messages
            if errors:
                raise ValidationError(errors)
            with acting_as(actor):
                for question_id, value in cleaned.items():
                    answer = answers.get(question_id)
                    if answer is None and value is None:
                        continue  # left blank and never answered: no row
                    answer = answer or QuestionnaireAnswer(
                        organization=organization, request=request, question_id=question_id
                    )
                    if answer.pk is None or answer.value != value:
                        answer.value = value
                        answer.save()
                        answers[question_id] = answer
                for question_id, (upload, info) in checked.items():
                    answer = answers.get(question_id) or QuestionnaireAnswer(
                        organization=organization, request=request, question_id=question_id
                    )
                    old = answer.file.name if answer.file else None
                    answer.original_name = info.name or f"answer.{info.extension}"
                    answer.content_type, answer.size = info.content_type, info.size
                    answer.file.save(
                        f"{secrets.token_urlsafe(16)}.{info.extension}", upload, save=False
                    )
                    stored.append(answer.file.name)
                    answer.save()
                    answers[question_id] = answer
                    if old:
                        storage = answer.file.storage
                        transaction.on_commit(lambda s=storage, n=old: _remove_file(s, n))
                if submit:
                    _submit(organization, actor, request, questions, answers)
                elif request.status == RequestStatus.SENT:
                    request.status = RequestStatus.DRAFT
                    request.save(update_fields=["status", "updated_at"])
    except BaseException:
        for name in stored:
            _remove_file(QuestionnaireAnswer._meta.get_field("file").storage, name)
        raise
    return request


def _as_int(key: Any) -> int | None:
    try:
        return int(key)
    except (TypeError, ValueError):
        return None


def _submit(
    organization: Organization,
    actor: User | None,
    request: QuestionnaireRequest,
    questions: dict[int, Question],
    answers: dict[int, Any],
) -> None:
    missing = {
        field_name(question): "Answer this question before submitting."
        for question in questions.values()
        if question.required
        and (question.pk not in answers or not _answered(question, answers[question.pk]))
    }
    if missing:
        raise ValidationError(missing)
    request.status = RequestStatus.SUBMITTED
    request.submitted_at = timezone.now()
    request.submitted_by = actor
    request.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
    _event(request, QuestionnaireEvent.Action.SUBMITTED, actor)
    scheduling.reminders_cancel(
        organization=organization,
        record=request,
        kind=QUESTIONNAIRE_DUE.key,
        reason="the supplier submitted its answers",
    )
    schedule_review_reminder(organization=organization, request=request)


def _answered(question: Question, answer: Any) -> bool:
    if question.kind == QuestionKind.FILE:
        return bool(answer.file)
    return answer.value not in (None, "")


# --- Review (the buyer) ------------------------------------------------------------------


def clean_points(questions: Iterable[Question], points: dict) -> dict:
    """The reviewer's points, {question id: Decimal 0-100}, for text and file questions."""
    by_id = {question.pk: question for question in questions}
    cleaned, errors = {}, {}
    for key, raw in (points or {}).items():
        question = by_id.get(_as_int(key))
        if question is None or not question.is_manually_scored:
            errors[f"points_{key}"] = "Points are given only to scored text and file questions."
            continue
        if raw is None or str(raw).strip() == "":
            continue
        try:
            value = Decimal(str(raw).strip())
        except InvalidOperation:
            errors[f"points_{question.pk}"] = "Give points as a number from 0 to 100."
            continue
        if not Decimal(0) <= value <= Decimal(100) or value.as_tuple().exponent < -1:
            errors[f"points_{question.pk}"] = "Give points from 0 to 100 (one decimal at most)."
            continue
        cleaned[question.pk] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


def score_of(
    request: QuestionnaireRequest,
    points: dict | None = None,
    *,
    answers: list | None = None,
    questions: list | None = None,
) -> scoring.Score:
    """The score of the request's answers, with ``points`` over the saved reviewer points.
    ``answers`` and ``questions`` (in the template's order): those already read, if any."""
    if answers is None:
        answers = list(request.answers.all())
    values = {answer.question_id: answer.value for answer in answers}
    given = {
        answer.question_id: answer.reviewer_points
        for answer in answers
        if answer.reviewer_points is not None
    }
    given.update(points or {})
    if questions is None:
        questions = list(request.template.questions.select_related("section"))
    return scoring.score(questions, values, given)


def questionnaire_review(
    *,
    organization: Organization,
    actor: User | None,
    request: QuestionnaireRequest,
    decision: str,
    points: dict | None = None,
    comments: str = "",
    internal_notes: str = "",
    due_date: date | None = None,
) -> QuestionnaireRequest:
    """``accept`` (sets the score; every scored text and file question needs the reviewer's
    points) or ``return`` (with comments for the supplier, and a new due date if given)."""
    comments = str(comments or "").strip()
    with org_scope(organization), transaction.atomic():
        ensure_member(organization=organization, user=actor, field="reviewer")
        request = _locked(organization, request)
        if request.status != RequestStatus.SUBMITTED:
            raise ValidationError(
                f"This questionnaire is {request.get_status_display().lower()}: only submitted "
                "answers are reviewed."
            )
        questions = list(request.template.questions.all())
        cleaned = clean_points(questions, points)
        if decision not in ("accept", "return"):
            raise ValidationError({"decision": "Accept the answers or return them."})
        if decision == "return" and not comments:
            raise ValidationError({"comments": "Tell the supplier what to change."})
        today = organization_today(organization)
        if due_date is not None and due_date <= today:
            raise ValidationError({"due_date": "The new due date must be after today."})
        result = score_of(request, cleaned)
        if decision == "accept" and result.missing_manual:
            raise ValidationError(
                {
                    f"points_{question.pk}": "Give this answer its points before accepting."
                    for question in result.missing_manual
                }
            )
        with acting_as(actor):
            _save_points(organization, request, cleaned)
            request.review_comments = comments
            request.internal_notes = str(internal_notes or "").strip()
            request.reviewed_by, request.reviewed_at = actor, timezone.now()
            if decision == "accept":
                request.status = RequestStatus.ACCEPTED
                request.score = result.total if result.total is not None else Decimal(0)
                request.save()
                _event(request, QuestionnaireEvent.Action.ACCEPTED, actor, comments, request.score)
            else:
                request.status = RequestStatus.RETURNED
                if due_date is not None:
                    request.due_date = due_date
                request.save()
                _event(request, QuestionnaireEvent.Action.RETURNED, actor, comments)
                schedule_due_reminder(organization=organization, request=request, today=today)
        scheduling.reminders_cancel(
            organization=organization,
            record=request,
            kind=QUESTIONNAIRE_SUBMITTED.key,
            reason="the answers were reviewed",
        )
        if request.status == RequestStatus.ACCEPTED:
            # The score feeds the scorecard of the period it was accepted in.
            scorecard_recompute.scorecards_recompute_for_facts(
                organization=organization,
                actor=actor,
                facts=[(request.supplier_id, request.reviewed_at.date())],
                cause=ChangeCause.QUESTIONNAIRE_ACCEPTED,
            )
    return request


def _save_points(organization: Organization, request: QuestionnaireRequest, points: dict) -> None:
    answers = {answer.question_id: answer for answer in request.answers.all()}
    for question_id, value in points.items():
        answer = answers.get(question_id) or QuestionnaireAnswer(
            organization=organization, request=request, question_id=question_id
        )
        if answer.pk is None or answer.reviewer_points != value:
            answer.reviewer_points = value
            answer.save()


def questionnaire_cancel(
    *, organization: Organization, actor: User | None, request: QuestionnaireRequest, reason: str
) -> QuestionnaireRequest:
    """Withdraw a questionnaire that is not accepted yet; the reason is kept."""
    reason = " ".join(str(reason or "").split())
    if not reason:
        raise ValidationError({"reason": "Say why the questionnaire is cancelled."})
    with org_scope(organization), transaction.atomic():
        ensure_member(organization=organization, user=actor, field="actor")
        request = _locked(organization, request)
        if request.status in (RequestStatus.ACCEPTED, RequestStatus.CANCELLED):
            raise ValidationError(
                f"This questionnaire is {request.get_status_display().lower()} already."
            )
        with acting_as(actor):
            request.status = RequestStatus.CANCELLED
            request.save(update_fields=["status", "updated_at"])
            _event(request, QuestionnaireEvent.Action.CANCELLED, actor, reason)
        scheduling.reminders_cancel(
            organization=organization, record=request, reason="the questionnaire was cancelled"
        )
    return request


# --- Reminders ---------------------------------------------------------------------------


def portal_users(organization: Organization, supplier: Supplier) -> list:
    return [
        membership.user
        for membership in Membership.objects.filter(
            organization=organization, supplier=supplier, role=Role.SUPPLIER
        )
        .active()
        .select_related("user")
    ]


def schedule_due_reminder(
    *, organization: Organization, request: QuestionnaireRequest, today: date
) -> None:
    """To the supplier's portal users a week before the due date (today if that is past);
    the engine tells the owner, then the admins, when it is overdue."""
    scheduling.reminder_schedule(
        organization=organization,
        kind=QUESTIONNAIRE_DUE.key,
        record=request,
        due_date=request.due_date,
        send_on=max(today, request.due_date - timedelta(days=DUE_WARNING_DAYS)),
        recipients=portal_users(organization, request.supplier),
        url=reverse(
            "portal:questionnaire_answer",
            kwargs={"org_slug": organization.slug, "pk": request.pk},
        ),
    )


def schedule_review_reminder(*, organization: Organization, request: QuestionnaireRequest) -> None:
    """To the supplier's relationship owner (or the organisation's managers when it has
    none), at once: answers wait for review."""
    owner = request.supplier.owner
    recipients = (
        [owner]
        if owner is not None
        else [
            membership.user
            for membership in Membership.objects.filter(
                organization=organization, role=Role.MANAGER
            )
            .active()
            .select_related("user")
        ]
    )
    scheduling.reminder_schedule(
        organization=organization,
        kind=QUESTIONNAIRE_SUBMITTED.key,
        record=request,
        due_date=organization_today(organization),
        recipients=recipients,
        url=reverse(
            "suppliers:questionnaire_detail",
            kwargs={"org_slug": organization.slug, "pk": request.pk},
        ),
    )


def reschedule_supplier(*, organization: Organization, supplier: Supplier) -> None:
    """After the supplier's portal users change: open questionnaires' due reminders go to
    the portal users it has now."""
    today = organization_today(organization)
    with org_scope(organization):
        for request in QuestionnaireRequest.objects.filter(
            supplier=supplier, status__in=OPEN_STATUSES
        ).select_related("supplier"):
            schedule_due_reminder(organization=organization, request=request, today=today)
