"""CSV downloads of the register's tables."""

import csv
import io

from django.http import HttpResponse
from django.utils import timezone

FORMULA_STARTS = {"=", "+", "-", "@", "\t", "\r"}


def safe_cell(value) -> str:
    """Keep spreadsheet programs from reading a cell as a formula (CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in FORMULA_STARTS else text


def csv_response(*, name: str, organization, header: list[str], rows) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow([value if isinstance(value, int) else safe_cell(value) for value in row])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().strftime("%Y%m%d")
    filename = f"{name}-{organization.slug}-{stamp}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
