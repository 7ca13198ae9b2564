"""Reads of interactions and their follow-up actions, shared by the pages and the API."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, Q, QuerySet

from parties.models import Contact, FollowUp, Interaction, Party

if TYPE_CHECKING:
    from relmgmt.tenancy.models import Organization


def interactions(
    *, organization: Organization, party: Party | None = None, contact: Contact | None = None
) -> QuerySet[Interaction]:
    """Interactions with their party, participants and number of open follow-ups."""
    queryset = (
        Interaction.objects.filter(organization=organization)
        .select_related("party")
        .prefetch_related(
            Prefetch("contacts", queryset=Contact.objects.order_by("name")),
            Prefetch("members", queryset=get_user_model().objects.order_by("full_name", "email")),
        )
        .annotate(
            open_follow_ups=Count(
                "follow_ups", filter=Q(follow_ups__done_at__isnull=True), distinct=True
            )
        )
        .order_by("-occurred_on", "-id")  # Meta.ordering does not apply to aggregates
    )
    if party is not None:
        queryset = queryset.filter(party=party)
    if contact is not None:
        queryset = queryset.filter(contacts=contact)
    return queryset


def interaction_detail(*, organization: Organization, pk: int) -> Interaction:
    return (
        interactions(organization=organization)
        .prefetch_related(Prefetch("follow_ups", queryset=follow_ups(organization=organization)))
        .get(pk=pk)
    )


def follow_ups(*, organization: Organization) -> QuerySet[FollowUp]:
    return FollowUp.objects.filter(organization=organization).select_related(
        "owner", "interaction__party"
    )
