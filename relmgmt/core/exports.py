"""Exports of a list exactly as it is filtered and sorted on screen, as CSV or XLSX.

A list declares its export once (``ListExport``): the selector giving its rows, the same
FilterSet its page uses, and its columns, each a label and a function of a row. The page
builds its FilterSet through ``ListExport.filter`` too, so the export has every row the
list would show on all of its pages, in the same order. ``export_view`` makes the download
view: whoever may read the list may export it (``permission``, the list's own).

Rows are read in chunks of ``CHUNK_SIZE`` (one query for the rows, and for each chunk the
queries of ``prepare``, which adds what the page adds to its rows), so the number of
queries does not grow with the rows of a chunk.

Text a spreadsheet would run as a formula is kept as text in both formats: in CSV with a
leading apostrophe (``relmgmt.core.csv.safe_cell``; imports remove it again), in XLSX by
typing the cell as a string, which no spreadsheet evaluates.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from relmgmt.core.access import org_view
from relmgmt.core.csv import csv_text
from relmgmt.core.extensions import PackFile
from relmgmt.core.files import attachment_response

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
CHUNK_SIZE = 2000


class Column(NamedTuple):
    """One column of an export: its header and its value for a row (a model instance, or
    a dictionary when the list reads ``values``)."""

    label: str
    value: Callable[[Any], Any]


@dataclass(frozen=True)
class ListExport:
    name: str  # the file's name before the organisation and date: "suppliers"
    sheet: str  # the XLSX sheet's title
    filterset: type  # the list page's FilterSet
    queryset: Callable[..., QuerySet]  # the list's selector, called with organization=
    columns: Sequence[Column]
    # Read the rows as dictionaries of these fields (and ``pk``), as the page does.
    values: Sequence[str] | None = None
    # Adds to a chunk of rows what the page adds to its page of rows: (organization, rows).
    prepare: Callable[[Any, list], Any] | None = None
    permission: str = "records.view"

    def filter(self, request: HttpRequest):
        """The list's FilterSet over the organisation's rows: the page and the export
        both start here."""
        organization = request.organization  # type: ignore[attr-defined]
        return self.filterset(
            request.GET, queryset=self.queryset(organization=organization), request=request
        )

    def rows(self, queryset: QuerySet, *, organization) -> Iterator[list[Any]]:
        """The cells of every row of ``queryset`` (already filtered and sorted)."""
        if self.values is not None:
            queryset = queryset.values("pk", *self.values)
        for chunk in chunks(queryset.iterator(chunk_size=CHUNK_SIZE), CHUNK_SIZE):
            if self.prepare is not None:
                self.prepare(organization, chunk)
            for row in chunk:
                yield [column.value(row) for column in self.columns]

    def headers(self) -> list[str]:
        return [column.label for column in self.columns]

    def content(self, queryset: QuerySet, fmt: str, *, organization) -> bytes:
        rows = self.rows(queryset, organization=organization)
        return table(self.headers(), rows, fmt, self.sheet)


def chunks(rows: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def export_response(
    request: HttpRequest, export: ListExport, fmt: str, queryset: QuerySet | None = None
) -> HttpResponse:
    """The list's rows under the request's filters (or ``queryset``) as a download named
    ``<name>-<organisation slug>-<YYYYMMDD-HHMM>.<fmt>``."""
    if fmt not in FORMATS:
        raise Http404
    organization = request.organization  # type: ignore[attr-defined]
    if queryset is None:
        queryset = export.filter(request).qs
    content = export.content(queryset, fmt, organization=organization)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    filename = f"{export.name}-{organization.slug}-{stamp}.{fmt}"
    return attachment_response(content, filename=filename, content_type=FORMATS[fmt])


def export_as_of_response(
    request: HttpRequest,
    export: ListExport,
    fmt: str,
    items: Iterable[Any],
    *,
    day: date,
    columns: Sequence[Column] | None = None,
) -> HttpResponse:
    """The list as it stood at the end of a past ``day`` (``items``: rows its selector
    rebuilt from the audit trail) written with the export's columns (or ``columns``), as a
    download named ``<name>-<organisation slug>-as-of-<YYYYMMDD>.<fmt>``."""
    if fmt not in FORMATS:
        raise Http404
    organization = request.organization  # type: ignore[attr-defined]
    columns = columns if columns is not None else export.columns
    rows = ([column.value(item) for column in columns] for item in items)
    content = table([column.label for column in columns], rows, fmt, export.sheet)
    filename = f"{export.name}-{organization.slug}-as-of-{day:%Y%m%d}.{fmt}"
    return attachment_response(content, filename=filename, content_type=FORMATS[fmt])


def export_view(export: ListExport) -> Callable[..., HttpResponse]:
    """The download view of ``export``, for a URL with a ``fmt`` argument (csv, xlsx)."""

    @org_view(read=export.permission)
    def view(request, fmt):
        return export_response(request, export, fmt)

    view.__name__ = view.__qualname__ = f"{export.name.replace('-', '_')}_export"
    view.__doc__ = f"The {export.sheet.lower()} list as filtered, as CSV or XLSX."
    return view


# --- the file -------------------------------------------------------------------------


def table(headers: Sequence[str], rows: Iterable[Sequence[Any]], fmt: str, sheet: str) -> bytes:
    if fmt == "csv":
        return csv_bytes(headers, rows)
    if fmt == "xlsx":
        return xlsx_bytes(headers, rows, sheet)
    raise ValueError(f"Unknown export format {fmt!r}")


def csv_bytes(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    # With a byte order mark spreadsheet programs read the file as UTF-8.
    rows = ([_plain(value) for value in row] for row in rows)
    return ("\ufeff" + csv_text(headers, rows)).encode("utf-8")


def xlsx_bytes(headers: Sequence[str], rows: Iterable[Sequence[Any]], sheet_name: str) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_name[:31])  # a sheet's title has at most 31 characters
    sheet.append([_xlsx_cell(sheet, title) for title in headers])
    for row in rows:
        sheet.append([_xlsx_cell(sheet, _plain(value)) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _plain(value: Any) -> Any:
    """A time in the current (the organisation's) time zone without its zone, which XLSX
    cannot hold; lists as text."""
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.make_naive(timezone.localtime(value)).replace(microsecond=0)
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    return value


def _xlsx_cell(sheet: Any, value: Any) -> Any:
    if not isinstance(value, str):
        return value
    # Control characters other than tab and line breaks cannot be stored in XLSX.
    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
    cell.data_type = "s"  # never a formula, whatever the text starts with
    return cell


# --- files of the evidence pack ---------------------------------------------------------


def pack_csv(name: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> PackFile:
    """A CSV file of the evidence pack (``extensions.PackFile``), its rows counted."""
    count = 0

    def counted() -> Iterator[Sequence[Any]]:
        nonlocal count
        for row in rows:
            count += 1
            yield row

    content = csv_bytes(headers, counted())
    return PackFile(name, content, f"{count} row{'' if count == 1 else 's'}")


def pack_export(name: str, export: ListExport, queryset: QuerySet, *, organization) -> PackFile:
    """A list's export over ``queryset`` as a CSV file of the evidence pack."""
    return pack_csv(name, export.headers(), export.rows(queryset, organization=organization))
