"""Writes of the management review (ISO 9001 9.3): prepare it, hold it (its generated
inputs are frozen as a snapshot), approve its minutes with a signature, and the actions it
decides, each reminded to its owner.

A review moves preparation → held → approved; the rule as a table below."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from qms.models import ManagementReview, ManagementReviewAction
from qms.reminder_kinds import REVIEW_ACTION_DUE
from qms.selectors.reviews import entered_keys, generate_inputs
from relmgmt.audit.context import acting_as
from relmgmt.audit.services import signature_create
from relmgmt.core.scoping import org_scope
from relmgmt.core.validation import ensure_same_organization
from relmgmt.notifications.services import scheduling
from relmgmt.tenancy.services import ensure_owner

if TYPE_CHECKING:
    from relmgmt.accounts.models import User
    from relmgmt.tenancy.models import Organization

S = ManagementReview.Status
# What each state allows: the planning fields and the entered inputs until it is held, the
# outputs until the minutes are approved; nothing after.
EDITABLE = {
    S.PREPARATION: {"title", "meeting_date", "period_start", "period_end", "attendees",
                    "entered", "decisions", "qms_changes", "resource_needs"},
    S.HELD: {"attendees", "decisions", "qms_changes", "resource_needs"},
    S.APPROVED: set(),
}  # fmt: skip
PLANNING = ("title", "meeting_date", "period_start", "period_end", "attendees")


def _check(review: ManagementReview) -> None:
    if review.period_start and review.period_end and review.period_end < review.period_start:
        raise ValidationError({"period_end": "The period ends before it starts."})
    if not (review.attendees or "").strip():
        raise ValidationError({"attendees": "Name who takes part."})
    review.full_clean(exclude=["organization", "signature"])


def review_create(
    *, organization: Organization, actor: User, data: dict[str, Any]
) -> ManagementReview:
    with org_scope(organization), transaction.atomic(), acting_as(actor):
        review = ManagementReview(
            organization=organization, **{name: data.get(name) for name in PLANNING}
        )
        _check(review)
        review.save()
    return review


def review_update(
    *, organization: Organization, actor: User, review: ManagementReview, data: dict[str, Any]
) -> ManagementReview:
    """Change what the review's state still allows; anything else is refused."""
    ensure_same_organization(organization=organization, record=review, field="review")
    with org_scope(organization), transaction.atomic(), acting_as(actor):
        review = ManagementReview.objects.select_for_update().get(pk=review.pk)
        allowed = EDITABLE[S(review.status)]
        refused = sorted(
            name for name, value in data.items() if name not in allowed and value != getattr(
                review, name, None)
        )  # fmt: skip
        if refused:
            raise ValidationError(
                f"A review {review.get_status_display().lower()} no longer takes changes of: "
                f"{', '.join(refused)}."
            )
        for name, value in data.items():
            if name == "entered":
                keys = dict(entered_keys())
                value = {key: text.strip() for key, text in value.items() if key in keys}
            setattr(review, name, value)
        _check(review)
        review.save()
    return review


def review_hold(
    *, organization: Organization, actor: User, review: ManagementReview
) -> ManagementReview:
    """The review is held: its generated inputs are frozen as they stand now."""
    ensure_same_organization(organization=organization, record=review, field="review")
    with org_scope(organization), transaction.atomic(), acting_as(actor):
        review = ManagementReview.objects.select_for_update().get(pk=review.pk)
        if review.status != S.PREPARATION:
            raise ValidationError("This review is already held.")
        review.snapshot = {
            "inputs": generate_inputs(
                organization=organization, start=review.period_start, end=review.period_end
            ),
            "generated_at": timezone.now().isoformat(),
        }
        review.status = S.HELD
        review.held_at = timezone.now()
        review.save()
    return review


def review_approve(
    *,
    organization: Organization,
    actor: User,
    review: ManagementReview,
    password: str,
    meaning: str = "",
) -> ManagementReview:
    """Approve the minutes of a held review, signed with the approver's password."""
    ensure_same_organization(organization=organization, record=review, field="review")
    with org_scope(organization), transaction.atomic():
        review = ManagementReview.objects.select_for_update().get(pk=review.pk)
        if review.status != S.HELD:
            raise ValidationError("Only the minutes of a held review can be approved.")
        with acting_as(actor):
            review.status = S.APPROVED
            review.save()
        # A wrong password raises here and the approval rolls back.
        signature = signature_create(
            organization=organization,
            signer=actor,
            password=password,
            record=review,
            meaning=meaning or f"Minutes of {review.title} approved",
        )
        with acting_as(actor):
            review.signature = signature
            review.save()
    return review


def action_add(
    *,
    organization: Organization,
    actor: User,
    review: ManagementReview,
    description: str,
    owner: User,
    due_date: date,
) -> ManagementReviewAction:
    ensure_same_organization(organization=organization, record=review, field="review")
    if review.status == S.APPROVED:
        raise ValidationError("The minutes are approved; the review takes no more actions.")
    if not (description or "").strip():
        raise ValidationError({"description": "Say what is to be done."})
    ensure_owner(organization=organization, user=owner, field="owner")
    with org_scope(organization), transaction.atomic(), acting_as(actor):
        action = ManagementReviewAction(
            organization=organization,
            review=review,
            description=description.strip(),
            owner=owner,
            due_date=due_date,
        )
        action.full_clean(exclude=["organization"])
        action.save()
        _remind(organization, action)
    return action


def action_done(
    *, organization: Organization, actor: User, action: ManagementReviewAction, done_on: date
) -> ManagementReviewAction:
    ensure_same_organization(organization=organization, record=action, field="action")
    with org_scope(organization), transaction.atomic(), acting_as(actor):
        action.done_on = done_on
        action.save()
        scheduling.reminders_cancel(organization=organization, record=action, reason="done")
    return action


def _remind(organization: Organization, action: ManagementReviewAction) -> None:
    scheduling.reminder_schedule(
        organization=organization,
        kind=REVIEW_ACTION_DUE.key,
        record=action,
        due_date=action.due_date,
        recipients=[action.owner],
        url=reverse(
            "qms:review_detail", kwargs={"org_slug": organization.slug, "pk": action.review_id}
        ),
    )
