"""Reviews of a relationship: record one, correct one, and keep the party's review dates
and its reminder in step with the latest review."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction

from parties.models import Party, Review
from parties.services.register import cadence_months, schedule_review_reminder
from relmgmt.audit.context import acting_as, audit_reason
from relmgmt.core.dates import add_months, organization_today
from relmgmt.core.scoping import org_scope
from relmgmt.core.validation import ensure_same_organization, validate
from relmgmt.tenancy.services import ensure_member

if TYPE_CHECKING:
    from relmgmt.accounts.models import User
    from relmgmt.tenancy.models import Organization

REVIEW_FIELDS = (
    "reviewed_on",
    "reviewer",
    "findings",
    "needs_changes",
    "our_satisfaction",
    "their_satisfaction",
    "next_review_due",
)
# A recorded review's dates decide the party's schedule; corrections leave them alone.
CORRECTABLE_FIELDS = (
    "reviewer",
    "findings",
    "needs_changes",
    "our_satisfaction",
    "their_satisfaction",
)


def default_next_review(party: Party, reviewed_on: date) -> date:
    """One review cycle (the party's cadence, or its tier's) after the review."""
    return add_months(reviewed_on, cadence_months(party))


def review_create(
    *, organization: Organization, actor: User | None, party: Party, data: dict
) -> Review:
    """Record a review of ``party``. When it is the party's latest review, the party's last
    and next review dates follow it and the review reminder moves to the new due date, in
    the same transaction (the old reminder and its escalations are cancelled as moved)."""
    ensure_same_organization(organization=organization, record=party, field="party")
    with org_scope(organization), transaction.atomic():
        party = Party.objects.select_for_update().get(pk=party.pk)
        review = Review(organization=organization, party=party)
        _assign(review, data, REVIEW_FIELDS)
        if review.reviewed_on and not review.next_review_due:
            review.next_review_due = default_next_review(party, review.reviewed_on)
        _check(organization, review)
        _check_dates(organization, review)
        with acting_as(actor):
            review.save()
            if _is_latest(party, review):
                party.last_reviewed_on = review.reviewed_on
                party.next_review_due = review.next_review_due
                party.save()
        schedule_review_reminder(organization=organization, party=party)
    return review


def review_update(
    *, organization: Organization, actor: User | None, review: Review, data: dict, reason: str = ""
) -> Review:
    """Correct what a review says (reviewer, findings, satisfaction). Its dates stay: a
    different schedule is a new review, or a change of the party's next review date."""
    ensure_same_organization(organization=organization, record=review, field="review")
    with org_scope(organization), transaction.atomic():
        review = Review.objects.select_for_update().get(pk=review.pk)
        _assign(review, data, CORRECTABLE_FIELDS)
        _check(organization, review)
        with acting_as(actor), audit_reason(reason):
            review.save()
    return review


def _assign(review: Review, data: dict, fields: Iterable[str]) -> None:
    for field in fields:
        if field in data:
            setattr(review, field, data[field])
    review.findings = (review.findings or "").strip()
    review.needs_changes = (review.needs_changes or "").strip()


def _check(organization: Organization, review: Review) -> None:
    if review.reviewer_id is None:
        raise ValidationError({"reviewer": "Name the member who reviewed the relationship."})
    ensure_member(organization=organization, user=review.reviewer, field="reviewer")
    validate(review)


def _check_dates(organization: Organization, review: Review) -> None:
    today = organization_today(organization)
    if review.reviewed_on > today:
        message = f"A review cannot be recorded ahead of time (today is {today:%Y-%m-%d})."
        raise ValidationError({"reviewed_on": message})
    if review.next_review_due <= review.reviewed_on:
        raise ValidationError(
            {"next_review_due": "The next review must be due after this review's date."}
        )


def _is_latest(party: Party, review: Review) -> bool:
    """A review entered for an earlier date than the last one is history: it is kept, but
    the schedule stays with the later review."""
    return party.last_reviewed_on is None or review.reviewed_on >= party.last_reviewed_on
