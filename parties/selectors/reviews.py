"""Reads of reviews and of the parties due for review, shared by the pages and the API."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from parties.models import Party, Review
from parties.selectors.register import parties

if TYPE_CHECKING:
    from relmgmt.tenancy.models import Organization


def reviews(*, organization: Organization, party: Party | None = None) -> QuerySet[Review]:
    queryset = Review.objects.filter(organization=organization).select_related("party", "reviewer")
    if party is not None:
        queryset = queryset.filter(party=party)
    return queryset.order_by("-reviewed_on", "-id")


def review_detail(*, organization: Organization, pk: int) -> Review:
    return reviews(organization=organization).get(pk=pk)


def parties_due_for_review(*, organization: Organization) -> QuerySet[Party]:
    """Parties with a review date, soonest first: overdue ones lead the list."""
    return (
        parties(organization=organization)
        .exclude(status=Party.Status.INACTIVE)
        .filter(next_review_due__isnull=False)
        .order_by("next_review_due", "name")
    )
