"""Export the contacts of a filtered list of parties as CSV or XLSX (the party list's own
export is declared beside its page, ``parties.views.register.PARTY_EXPORT``).

The columns are the import's headers, so an export can be changed and imported again.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import tzinfo
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.db.models import QuerySet
from django.utils import timezone

from parties.models import Contact
from parties.services.imports import KINDS
from relmgmt.core.exports import table

if TYPE_CHECKING:
    from parties.models import Party
    from relmgmt.tenancy.models import Organization


def contact_rows(contacts: Iterable[Contact], tz: tzinfo) -> Iterator[list[Any]]:
    """Consent is written as the day it was given in the organisation's time zone."""
    for contact in contacts:
        consent = contact.consent_given_at if contact.has_consent else None
        consent = timezone.localtime(consent, tz) if consent else None
        yield [
            contact.party.name,
            contact.name,
            contact.job_title,
            contact.email,
            contact.phone,
            contact.preferred_channel,
            contact.consent_method if consent else "",
            consent.date() if consent else None,
        ]


def contacts_of(parties: QuerySet[Party]) -> QuerySet[Contact]:
    """Contacts (not erased) of the given parties, with their party joined."""
    return (
        Contact.objects.filter(party__in=parties.order_by().values("pk"), erased_at__isnull=True)
        .select_related("party")
        .order_by("party__name", "name", "id")
    )


def contacts_export(parties: QuerySet[Party], fmt: str, *, organization: Organization) -> bytes:
    rows = contact_rows(contacts_of(parties), ZoneInfo(organization.timezone))
    return table(KINDS["contacts"].headers, rows, fmt, "Contacts")
