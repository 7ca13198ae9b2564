"""CSV downloads, with the one guard against CSV injection every export uses.

A spreadsheet program runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a
formula, and a leading tab or carriage return can hide such a start (OWASP, "CSV
Injection"). Such text is written with a leading apostrophe, which spreadsheets show as
text and our imports remove again (``unescape_cell``). Numbers stay numbers: written as
digits, they cannot start a formula.
"""

import csv
import io
from datetime import date
from decimal import Decimal

from django.utils import timezone

from relmgmt.core.files import attachment_response

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """The value as a CSV cell: text a spreadsheet would run as a formula gets a leading
    apostrophe; None is empty, dates are ISO 8601, numbers stay as they are."""
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal):  # bool is an int
        return value
    text = value.isoformat() if isinstance(value, date) else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def unescape_cell(text: str) -> str:
    """Undo ``safe_cell``'s apostrophe, so an export can be imported again unchanged."""
    return text[1:] if text.startswith("'") and text[1:2] in FORMULA_STARTS else text


def csv_text(header, rows) -> str:
    """The header and rows as CSV text, every cell through ``safe_cell``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(title) for title in header])
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    return buffer.getvalue()


def csv_response(*, name: str, organization, header, rows, stamp: str | None = None):
    """A CSV download named ``<name>-<organisation slug>-<stamp>.csv``; the stamp is
    today's date (``YYYYMMDD``) unless given."""
    stamp = stamp or timezone.localdate().strftime("%Y%m%d")
    return attachment_response(
        csv_text(header, rows),
        filename=f"{name}-{organization.slug}-{stamp}.csv",
        content_type=CSV_CONTENT_TYPE,
    )
