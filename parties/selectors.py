"""Reads of the parties register that views and the API share. Each is given the
organisation and returns a queryset with what its page shows already joined."""

from django.contrib.auth import get_user_model

from parties.models import Need, Party
from relmgmt.policy import Role
from relmgmt.tenancy.models import Membership


def parties(*, organization):
    return Party.objects.filter(organization=organization).select_related("owner")


def party_detail(*, organization, pk: int) -> Party:
    return parties(organization=organization).get(pk=pk)


def needs(*, organization, party: Party | None = None):
    queryset = Need.objects.filter(organization=organization).select_related("party")
    if party is not None:
        queryset = queryset.filter(party=party)
    return queryset


def member_users(*, organization):
    """Users with a live membership (not portal users): who may own and review records."""
    member_ids = (
        Membership.objects.filter(organization=organization)
        .active()
        .exclude(role=Role.SUPPLIER)
        .values("user_id")
    )
    return get_user_model().objects.filter(pk__in=member_ids).order_by("full_name", "email")
