"""Reads of performance reviews and their actions that the pages and the API share, each
given the organisation and already joined."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, Q, QuerySet

from parties.models import Contact
from suppliers.models import (
    PerformanceReview,
    ReviewAction,
)

if TYPE_CHECKING:
    from relmgmt.tenancy.models import Organization


def _actions(organization: Organization) -> QuerySet[ReviewAction]:
    return ReviewAction.objects.filter(organization=organization).select_related("owner")


def performance_reviews(*, organization: Organization) -> QuerySet[PerformanceReview]:
    """Reviews with their supplier and their count of open actions (for lists)."""
    return (
        PerformanceReview.objects.filter(organization=organization)
        .select_related("supplier__party")
        .annotate(
            open_actions=Count(
                "actions",
                filter=Q(actions__done_at__isnull=True, actions__organization=organization),
            )
        )
        .order_by("-held_on", "-id")
    )


def performance_reviews_full(*, organization: Organization) -> QuerySet[PerformanceReview]:
    """Reviews with their attendees and actions (detail and API)."""
    return performance_reviews(organization=organization).prefetch_related(
        Prefetch("actions", queryset=_actions(organization).order_by("due_on", "id")),
        Prefetch(
            "members",
            queryset=get_user_model().objects.order_by("full_name", "email"),
        ),
        Prefetch("contacts", queryset=Contact.objects.filter(organization=organization)),
    )


def review_actions(*, organization: Organization) -> QuerySet[ReviewAction]:
    return _actions(organization).select_related("review__supplier__party")
