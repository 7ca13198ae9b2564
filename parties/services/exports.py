"""Export a filtered list of parties or contacts as CSV or XLSX.

The columns are the import's headers, so an export can be changed and imported again.
Text that a spreadsheet would run as a formula is kept as text: in CSV with a leading
apostrophe (which the import removes again), in XLSX by typing the cell as a string.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator, Sequence
from datetime import tzinfo
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.db.models import QuerySet
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from parties.models import Contact
from parties.services.imports import KINDS
from relmgmt.core.csv import csv_text

if TYPE_CHECKING:
    from parties.models import Party
    from relmgmt.tenancy.models import Organization

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def party_rows(parties: Iterable[Party]) -> Iterator[list[Any]]:
    """One row per party, in the import's column order."""
    for party in parties:
        yield [
            party.name,
            ", ".join(party.types),
            party.tier,
            party.status,
            party.owner.email if party.owner else "",
            party.influence,
            party.interest,
            ", ".join(party.tags),
            party.description,
            party.website,
            party.address,
            party.review_cadence_months,
            party.next_review_due,
        ]


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


def parties_export(parties: QuerySet[Party], fmt: str) -> bytes:
    return _table(KINDS["parties"].headers, party_rows(parties), fmt, sheet="Parties")


def contacts_export(parties: QuerySet[Party], fmt: str, *, organization: Organization) -> bytes:
    rows = contact_rows(contacts_of(parties), ZoneInfo(organization.timezone))
    return _table(KINDS["contacts"].headers, rows, fmt, "Contacts")


def _table(headers: Sequence[str], rows: Iterable[Sequence[Any]], fmt: str, sheet: str) -> bytes:
    if fmt == "csv":
        return _csv(headers, rows)
    if fmt == "xlsx":
        return _xlsx(headers, rows, sheet)
    raise ValueError(f"Unknown export format {fmt!r}")


def _csv(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    # With a byte order mark spreadsheet programs read the file as UTF-8.
    return ("\ufeff" + csv_text(headers, rows)).encode("utf-8")


def _xlsx(headers: Sequence[str], rows: Iterable[Sequence[Any]], sheet_name: str) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_name)
    sheet.append(headers)
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_cell(sheet: Any, value: Any) -> Any:
    if not isinstance(value, str):
        return value
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"  # never a formula, whatever the text starts with
    return cell
