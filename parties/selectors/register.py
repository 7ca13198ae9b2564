"""Reads of the register that views and the API share: parties and their needs. Each is
given the organisation and returns a queryset with what its page shows already joined.
Who may review records is ``relmgmt.tenancy.selectors.member_users``; who may own them,
``owner_users`` (members who may write)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from parties.models import Need, Party

if TYPE_CHECKING:
    from relmgmt.tenancy.models import Organization


def parties(*, organization: Organization) -> QuerySet[Party]:
    return Party.objects.filter(organization=organization).select_related("owner")


# The party list's columns: its rows are dictionaries of these (see
# parties.templatetags.party_tags), so the busiest page builds no model instances.
PARTY_LIST_COLUMNS = (
    *("name", "types", "tier", "status", "influence", "interest", "tags"),
    *("next_review_due", "owner__full_name", "owner__email"),
)


def party_list(*, organization: Organization) -> QuerySet[Party]:
    """Parties to list, filter and count: the page reads its rows' PARTY_LIST_COLUMNS."""
    return Party.objects.filter(organization=organization)


def party_detail(*, organization: Organization, pk: int) -> Party:
    return parties(organization=organization).get(pk=pk)


def needs(*, organization: Organization, party: Party | None = None) -> QuerySet[Need]:
    queryset = Need.objects.filter(organization=organization).select_related("party")
    if party is not None:
        queryset = queryset.filter(party=party)
    return queryset
