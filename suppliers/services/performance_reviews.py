"""Performance reviews of suppliers: meetings that look at how a supplier performs, with
who attended (members and the supplier's contacts), the scorecard as it stood when the
review was recorded, the minutes and decisions, and the actions agreed. Each open action
is reminded to its owner on its due date (and escalated when still open), until closed.

A review's actions, like an agreement's service levels and disputes, are child rows written
with their parent (``sync_rows``): the given rows replace the current ones. A row with an
``id`` changes that row, one without is added, a current row not given is deleted; each
write is audited."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.urls import reverse
from django.utils import timezone

from parties.models import Contact
from relmgmt.audit.context import acting_as, audit_reason
from relmgmt.core.scoping import org_scope
from relmgmt.core.validation import ensure_same_organization, validate
from relmgmt.notifications.services import scheduling
from relmgmt.tenancy.services import ensure_member, ensure_owner
from suppliers.models import (
    PerformanceReview,
    PerformanceReviewContact,
    PerformanceReviewMember,
    ReviewAction,
    Supplier,
)
from suppliers.reminder_kinds import REVIEW_ACTION_DUE
from suppliers.services.scorecards.snapshots import scorecard_snapshot

if TYPE_CHECKING:
    from relmgmt.accounts.models import User
    from relmgmt.tenancy.models import Organization

FIELDS = ("held_on", "minutes", "decisions")


def performance_review_create(
    *, organization: Organization, actor: User | None, supplier: Supplier, data: dict
) -> PerformanceReview:
    """``data``: the fields, ``members`` and ``contacts`` (who attended), and ``actions``
    (dicts of ``description``, ``owner``, ``due_on``). The scorecard is copied now."""
    ensure_same_organization(organization=organization, record=supplier, field="supplier")
    review = PerformanceReview(organization=organization, supplier=supplier)
    review.scorecard_snapshot = scorecard_snapshot(supplier)
    return _save(organization, actor, review, data, reason="")


def performance_review_update(
    *,
    organization: Organization,
    actor: User | None,
    review: PerformanceReview,
    data: dict,
    reason: str = "",
) -> PerformanceReview:
    """Change a review; ``actions`` given replace the current ones (by ``id``), and an
    action's reminder follows its new due date or owner. The scorecard copy stays."""
    ensure_same_organization(organization=organization, record=review, field="review")
    with org_scope(organization), transaction.atomic():
        review = (
            PerformanceReview.objects.select_for_update()
            .select_related("supplier__party")
            .get(pk=review.pk)
        )
        return _save(organization, actor, review, data, reason=reason)


def _save(
    organization: Organization,
    actor: User | None,
    review: PerformanceReview,
    data: dict[str, Any],
    *,
    reason: str,
) -> PerformanceReview:
    for field in FIELDS:
        if field in data:
            setattr(review, field, data[field])
    review.minutes = (review.minutes or "").strip()
    review.decisions = (review.decisions or "").strip()
    with org_scope(organization), transaction.atomic():
        if not review.minutes:
            raise ValidationError({"minutes": "Write the minutes of the review."})
        validate(review)
        members = _members(organization, data)
        contacts = _contacts(organization, review, data)
        with acting_as(actor), audit_reason(reason):
            review.save()
            if members is not None:
                _set_attendees(organization, review, PerformanceReviewMember, "user", members)
            if contacts is not None:
                _set_attendees(organization, review, PerformanceReviewContact, "contact", contacts)
            if "actions" in data:
                actions = sync_rows(
                    organization=organization,
                    parent=review,
                    parent_field="review",
                    model=ReviewAction,
                    rows=data["actions"] or [],
                    field="actions",
                    apply=lambda row, values, number: _apply_action(
                        organization, row, values, number
                    ),
                    removed=lambda row: scheduling.reminders_cancel(
                        organization=organization, record=row, reason="the action is removed"
                    ),
                )
                for action in actions:
                    schedule_action_reminder(organization=organization, action=action)
    return review


def _members(organization: Organization, data: dict[str, Any]) -> list | None:
    if "members" not in data:
        return None
    members = list(dict.fromkeys(data["members"] or []))
    for user in members:
        ensure_member(organization=organization, user=user, field="members")
    return members


def _contacts(
    organization: Organization, review: PerformanceReview, data: dict[str, Any]
) -> list[Contact] | None:
    if "contacts" not in data:
        return None
    contacts = list(dict.fromkeys(data["contacts"] or []))
    party_id = review.supplier.party_id
    for contact in contacts:
        if contact.organization_id != organization.pk or contact.party_id != party_id:
            raise ValidationError({"contacts": f"Choose contacts of {review.supplier.name} only."})
    return contacts


def _set_attendees(
    organization: Organization,
    review: PerformanceReview,
    through: type[Any],
    field: str,
    wanted: Iterable[Any],
) -> None:
    rows = through.objects.filter(review=review)
    wanted_ids = {item.pk for item in wanted}
    rows.exclude(**{f"{field}_id__in": wanted_ids}).delete()
    present = set(rows.values_list(f"{field}_id", flat=True))
    for item in wanted:
        if item.pk not in present:
            through.objects.create(organization=organization, review=review, **{field: item})


def _apply_action(
    organization: Organization, action: ReviewAction, values: dict, number: int
) -> None:
    for field in ("description", "owner", "due_on"):
        if field in values:
            setattr(action, field, values[field])
    action.description = (action.description or "").strip()
    if not action.description:
        raise row_error("actions", number, "say what is to be done.")
    if action.owner_id is None:
        raise row_error("actions", number, "choose who owns the action.")
    if not action.due_on:
        raise row_error("actions", number, "give the due date.")
    try:
        ensure_owner(organization=organization, user=action.owner, field="actions")
    except ValidationError:
        raise row_error(
            "actions", number, f"{action.owner} is not a member of {organization.name}."
        ) from None


def review_action_set_done(
    *, organization: Organization, actor: User | None, action: ReviewAction, done: bool = True
) -> ReviewAction:
    """Close an action (its reminders are cancelled) or open it again (reminded again)."""
    ensure_same_organization(organization=organization, record=action, field="action")
    with org_scope(organization), transaction.atomic():
        action = ReviewAction.objects.select_for_update().get(pk=action.pk)
        if done == (action.done_at is not None):
            return action
        action.done_at = timezone.now() if done else None
        with acting_as(actor):
            action.save()
        schedule_action_reminder(organization=organization, action=action)
    return action


def schedule_action_reminder(*, organization: Organization, action: ReviewAction) -> None:
    """The owner hears on the due date; a closed action is reminded no more."""
    if action.done_at is not None:
        scheduling.reminders_cancel(
            organization=organization,
            record=action,
            kind=REVIEW_ACTION_DUE.key,
            reason="the action is closed",
        )
        return
    scheduling.reminder_schedule(
        organization=organization,
        kind=REVIEW_ACTION_DUE.key,
        record=action,
        due_date=action.due_on,
        recipients=[action.owner],
        url=reverse(
            "suppliers:performance_review_detail",
            kwargs={"org_slug": organization.slug, "pk": action.review_id},
        ),
    )


# --- Child rows written with their parent (also an agreement's service levels and disputes) ---


def row_error(field: str, number: int, message: str) -> ValidationError:
    return ValidationError({field: f"Row {number}: {message}"})


def sync_rows(
    *,
    organization: Organization,
    parent: Model,
    parent_field: str,
    model: type[Any],
    rows: Iterable[dict[str, Any]],
    field: str,
    apply: Callable[..., Any],
    removed: Any = None,
) -> list[Any]:
    """Write ``rows`` (dicts) as ``model`` rows of ``parent``. ``apply(row_object, values,
    number)`` sets and checks one row's values, raising ``row_error`` for a bad one; it runs
    for every row before anything is written, so a bad row leaves nothing behind."""
    current = {row.pk: row for row in model.objects.filter(**{parent_field: parent})}
    prepared, kept = [], set()
    for number, values in enumerate(rows, 1):
        row_id = values.get("id")
        if row_id:
            try:
                row = current[int(row_id)]
            except (KeyError, TypeError, ValueError):
                raise row_error(field, number, "it is not a row of this record.") from None
            kept.add(row.pk)
        else:
            row = model(organization=organization, **{parent_field: parent})
        apply(row, values, number)
        prepared.append(row)
    for pk, row in current.items():
        if pk not in kept:
            if removed is not None:
                removed(row)
            row.delete()
    for row in prepared:
        row.save()
    return prepared
