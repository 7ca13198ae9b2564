"""Read an uploaded table (CSV or XLSX) into a header row and text rows.

The kind of file is decided by its content, never by its name: an XLSX workbook is a ZIP
archive holding ``xl/workbook.xml``; anything else must be text (UTF-8, or Windows-1252 as
older spreadsheet programs save CSV). Every cell comes back as stripped text.
"""

import csv
import io
import zipfile
from datetime import date, datetime, time

from openpyxl import load_workbook

from relmgmt.core.csv import unescape_cell

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls and other Office 97 files
# Files people upload by mistake, recognised by their first bytes.
OTHER_MAGIC = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"\x1f\x8b", b"Rar!", b"7z")
# A small XLSX can unpack into a huge one (a "zip bomb"): refuse past this.
MAX_UNPACKED_BYTES = 50 * 1024 * 1024


class TableError(Exception):
    """The file cannot be read as a table; the message says why, for the person."""


def read_table(content: bytes, *, max_rows: int) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """(header cells, [(line number, cells), ...]) without blank rows."""
    if not content.strip():
        raise TableError("The file is empty.")
    if content.startswith(ZIP_MAGIC):
        rows = _xlsx_rows(content)
    elif content.startswith(OLE_MAGIC):
        raise TableError(
            "This is an old Excel file (.xls). Save it as Excel Workbook (.xlsx) or CSV, then "
            "upload that."
        )
    elif content.startswith(OTHER_MAGIC):
        raise TableError("This is not a CSV or Excel (.xlsx) file.")
    else:
        rows = _csv_rows(content)
    header = None
    body = []
    for line, cells in rows:
        cells = [_text(cell) for cell in cells]
        if not any(cells):
            continue
        if header is None:
            header = cells
            continue
        body.append((line, cells))
        if len(body) > max_rows:
            raise TableError(f"The file has more than {max_rows} rows; split it into parts.")
    if header is None:
        raise TableError("The file has no header row.")
    while header and not header[-1]:
        header.pop()
    return header, body


def _csv_rows(content: bytes):
    if b"\x00" in content:
        raise TableError("This is not a CSV or Excel (.xlsx) file: it holds binary data.")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise TableError("The file is not readable as text (UTF-8 or Windows-1252).")
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    try:
        return list(enumerate(csv.reader(io.StringIO(text, newline=""), dialect), start=1))
    except csv.Error as exc:
        raise TableError(f"The CSV file is malformed: {exc}.") from exc


def _xlsx_rows(content: bytes):
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        names = set(archive.namelist())
        unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError) as exc:
        raise TableError("This is not a CSV or Excel (.xlsx) file: a damaged archive.") from exc
    if "xl/workbook.xml" not in names:
        raise TableError("This is a ZIP archive, not an Excel workbook (.xlsx).")
    if unpacked > MAX_UNPACKED_BYTES:
        raise TableError("The workbook is too large once unpacked; split it into parts.")
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        workbook.close()
    except Exception as exc:  # openpyxl raises many kinds on a damaged workbook
        raise TableError("The Excel workbook could not be read; save it again and retry.") from exc
    return list(enumerate(rows, start=1))


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    # Undo the apostrophe that exports put before text a spreadsheet would run as a formula.
    return unescape_cell(text)
