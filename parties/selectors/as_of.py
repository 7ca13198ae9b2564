"""The party register as it stood at the end of a past day, rebuilt from the audit trail:
each party and its needs with the values they had then. Three queries whatever the size
of the register (the parties' events, the needs' events, their owners)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.db.models import Prefetch

from parties.models import Need, Party
from parties.selectors.register import party_list
from relmgmt.audit.selectors import instances_as_of
from relmgmt.core.dates import end_of_day

if TYPE_CHECKING:
    from relmgmt.tenancy.models import Organization


def party_register_as_of(*, organization: Organization, day: date) -> list[Party]:
    """The parties that existed at the end of ``day``, by name, each an unsaved instance
    with its values then, its ``owner`` (the person, as named now) and ``needs_then`` (its
    needs then, oldest first)."""
    when = end_of_day(organization, day)
    parties: list[Any] = instances_as_of(organization=organization, model=Party, when=when)
    needs: list[Any] = instances_as_of(organization=organization, model=Need, when=when)
    by_party: dict[int, list[Need]] = {}
    for need in sorted(needs, key=lambda need: need.pk):
        by_party.setdefault(need.party_id, []).append(need)
    owner_ids = {party.owner_id for party in parties if party.owner_id}
    owners = {user.pk: user for user in get_user_model().objects.filter(pk__in=owner_ids)}
    for party in parties:
        party.owner = owners.get(party.owner_id)
        party.needs_then = by_party.get(party.pk, [])
    return sorted(parties, key=lambda party: (party.name.lower(), party.pk))


def party_register_on(*, organization: Organization, day: date | None) -> list[Party]:
    """The register of ``party_register_as_of`` for a past ``day``; for None (today) the live
    register in the same shape (``owner``, ``needs_then``) and order. At most three queries."""
    if day is not None:
        return party_register_as_of(organization=organization, day=day)
    needs = Need.objects.filter(organization=organization).order_by("id")
    parties = (
        party_list(organization=organization)
        .select_related("owner")
        .prefetch_related(Prefetch("needs", queryset=needs, to_attr="needs_then"))
    )
    return sorted(parties, key=lambda party: (party.name.lower(), party.pk))


def party_row(party: Any) -> dict:
    """A party of ``party_register_as_of`` as a row of the party list's table."""
    owner = party.owner
    return {
        "pk": party.pk,
        "name": party.name,
        "types": party.types or [],
        "tier": party.tier,
        "status": party.status,
        "influence": party.influence,
        "interest": party.interest,
        "tags": party.tags or [],
        "next_review_due": party.next_review_due,
        "owner__full_name": owner.full_name if owner else "",
        "owner__email": owner.email if owner else "",
    }
