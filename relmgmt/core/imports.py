"""Import records from a CSV or XLSX file: the machinery every import shares.

An ``ImportKind`` names its columns and two functions: ``check_rows`` checks every row in
one pass (set-based: one query per lookup, not one per row) and fills ``row.data`` and
``row.errors``; ``create`` writes one row through the app's service, or ``write_rows``
writes all valid rows at once (for imports of tens of thousands of rows).

``check_file`` reads the file and checks every row without writing anything: the preview
and its row-by-row error report, naming the line and the column. ``import_file`` checks
again and writes in ONE transaction: the whole file when every row is valid, or, when the
person asked for it knowingly, only the valid rows (and then exactly as many as the
preview showed). Any failure while writing rolls everything back.
"""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.dateparse import parse_date

from relmgmt.core.files import megabytes
from relmgmt.core.scoping import org_scope
from relmgmt.core.tables import TableError, read_table

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_ROWS = 2000


class ImportFileError(Exception):
    """The file as a whole cannot be imported (unreadable, wrong headers, too large)."""


@dataclass
class Row:
    line: int
    cells: dict[str, str]
    data: dict = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)

    def error(self, column: str, message: str) -> None:
        self.errors.setdefault(column, []).append(message)

    @property
    def valid(self) -> bool:
        return not self.errors

    def error_list(self) -> list[tuple[str, str, str]]:
        """(column, its value, message) for each problem of the row."""
        return [
            (column, self.cells.get(column, ""), message)
            for column, messages in self.errors.items()
            for message in messages
        ]


@dataclass
class Check:
    kind: "ImportKind"
    headers: list[str]
    rows: list[Row]

    @property
    def valid_rows(self) -> list[Row]:
        return [row for row in self.rows if row.valid]

    @property
    def invalid_rows(self) -> list[Row]:
        return [row for row in self.rows if not row.valid]

    @property
    def is_valid(self) -> bool:
        return bool(self.rows) and not self.invalid_rows

    def summary(self) -> list[str]:
        """What the kind points out about the valid rows (accepted, but worth a look)."""
        return self.kind.summarise(self.valid_rows) if self.kind.summarise else []


@dataclass(frozen=True)
class ImportKind:
    key: str
    label: str  # plural noun: "parties"
    singular: str
    required: tuple[str, ...]
    optional: tuple[str, ...]
    check_rows: object  # (organization, rows) -> None, fills row.data and row.errors
    create: object = None  # (organization=, actor=, data=) -> record, one row at a time
    write_rows: object = None  # (organization=, actor=, rows=) -> None, every row at once
    notes: tuple[str, ...] = ()
    summarise: object = None  # (valid rows) -> [sentence], what the preview should point out
    max_rows: int = MAX_ROWS
    max_bytes: int = MAX_UPLOAD_BYTES
    # Whether the person may import only the valid rows and leave the others out; a kind
    # whose rows depend on one another (a history) is imported whole or not at all.
    allow_valid_only: bool = True

    @property
    def headers(self) -> list[str]:
        return [*self.required, *self.optional]

    @property
    def max_mb(self) -> int:
        return self.max_bytes // 1024 // 1024


# --- cells ----------------------------------------------------------------------------


def choice(row: Row, column: str, choices, default=None, *, text: str | None = None):
    text = row.cells.get(column, "") if text is None else text.strip()
    if not text:
        return default
    wanted = " ".join(text.split()).lower()
    for value, label in choices:
        if wanted in (value, str(label).lower(), value.replace("_", " ")):
            return value
    expected = ", ".join(value for value, _label in choices)
    noun = "type" if column == "types" else column.replace("_", " ")
    row.error(column, f"Unknown {noun} “{text}”; expected one of: {expected}.")
    return default


def whole_number(row: Row, column: str, low: int, high: int):
    text = row.cells.get(column, "")
    if not text:
        return None
    try:
        number = int(text)
    except ValueError:
        number = None
    if number is None or not low <= number <= high:
        label = column.replace("_", " ").capitalize()
        row.error(column, f"{label} must be a whole number from {low} to {high}; got “{text}”.")
        return None
    return number


def decimal(row: Row, column: str, *, places: int, digits: int, required: bool = False):
    """A number of at most ``places`` decimals and ``digits`` digits, not negative."""
    text = row.cells.get(column, "").replace(" ", "")
    label = column.replace("_", " ").capitalize()
    if not text:
        if required:
            row.error(column, f"{label} is needed.")
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        row.error(column, f"{label} must be a number; got “{text}”.")
        return None
    if number < 0:
        row.error(column, f"{label} cannot be negative; got “{text}”.")
        return None
    exponent = number.as_tuple().exponent
    if -exponent > places:
        row.error(column, f"{label} has more than {places} decimals; got “{text}”.")
        return None
    if number >= Decimal(10) ** (digits - places):
        row.error(column, f"{label} is too large; got “{text}”.")
        return None
    return number


def date(row: Row, column: str, *, required: bool = False):
    text = row.cells.get(column, "")
    if not text:
        if required:
            row.error(column, f"{column.replace('_', ' ').capitalize()} is needed.")
        return None
    try:
        value = parse_date(text[:10]) if len(text) >= 10 else None
    except ValueError:
        value = None
    if value is None:
        row.error(column, f"Write the date as YYYY-MM-DD; got “{text}”.")
    return value


def apply_model_errors(row: Row, error: ValidationError, column_of_field=None) -> None:
    column_of_field = column_of_field or {}
    for name, messages in error.message_dict.items():
        column = column_of_field.get(name, name)
        column = column if column in row.cells else "row"
        for message in messages:
            row.error(column, message)


def full_clean_row(instance, row: Row, *, exclude: list[str], column_of_field=None) -> None:
    """The model's field checks, for the columns not already reported.

    Lookups are checked in batch by ``check_rows`` and the check constraints repeat the
    field rules; the writing service runs the full validation.
    """
    column_of_field = column_of_field or {}
    try:
        instance.full_clean(
            exclude=["organization", *exclude], validate_unique=False, validate_constraints=False
        )
    except ValidationError as error:
        fresh = {
            name: messages
            for name, messages in error.message_dict.items()
            if column_of_field.get(name, name) not in row.errors
        }
        if fresh:
            apply_model_errors(row, ValidationError(fresh), column_of_field)


# --- the file -------------------------------------------------------------------------


def _normalise_header(text: str) -> str:
    return "_".join(text.replace("-", " ").split()).lower()


def _match_headers(kind: ImportKind, header: list[str]) -> list[str]:
    columns = [_normalise_header(cell) for cell in header]
    problems = []
    missing = [name for name in kind.required if name not in columns]
    if missing:
        problems.append(f"missing {', '.join(missing)}")
    unknown = [
        cell or "(empty)"
        for cell, column in zip(header, columns, strict=True)
        if column not in kind.headers
    ]
    if unknown:
        problems.append(f"unknown {', '.join(unknown)}")
    repeated = sorted({column for column in columns if columns.count(column) > 1})
    if repeated:
        problems.append(f"repeated {', '.join(repeated)}")
    if problems:
        raise ImportFileError(
            f"The header row does not fit: {'; '.join(problems)}. The expected headers are: "
            f"{', '.join(kind.headers)} (the first {len(kind.required)} are required)."
        )
    return columns


def check_file(*, organization, kind: ImportKind, content: bytes) -> Check:
    """Read and check every row, writing nothing. Raises ImportFileError for the file."""
    message = too_large(kind, len(content))
    if message:
        raise ImportFileError(message)
    try:
        header, body = read_table(content, max_rows=kind.max_rows)
    except TableError as exc:
        raise ImportFileError(str(exc)) from exc
    columns = _match_headers(kind, header)
    rows = []
    blank = dict.fromkeys(kind.headers, "")
    for line, cells in body:
        row = Row(line=line, cells={**blank, **dict(zip(columns, cells, strict=False))})
        if len(cells) > len(columns) and any(cells[len(columns) :]):
            row.error("row", "More cells than headers; is a comma missing its quotes?")
        rows.append(row)
    if not rows:
        raise ImportFileError("The file has a header row but no rows to import.")
    with org_scope(organization):
        kind.check_rows(organization, rows)
    return Check(kind=kind, headers=columns, rows=rows)


def too_large(kind: ImportKind, size: int) -> str | None:
    """The message for an upload above the limit, checked before anything is read."""
    if size <= kind.max_bytes:
        return None
    return f"The file is {megabytes(size)} MB; the limit is {kind.max_mb} MB. Split it into parts."


def import_file(
    *,
    organization,
    actor,
    kind: ImportKind,
    content: bytes,
    valid_only: bool = False,
    expected_rows: int | None = None,
) -> int:
    """Write the file's rows in one transaction; returns how many were imported.

    Without ``valid_only`` a file with any invalid row imports nothing. With it, only the
    valid rows are written, and only if they are still the ``expected_rows`` the person saw.
    """
    if valid_only and not kind.allow_valid_only:
        raise ValidationError(
            f"An import of {kind.label} is whole or nothing: correct the rows with problems "
            "and upload the file again."
        )
    check = check_file(organization=organization, kind=kind, content=content)
    if not check.is_valid and not valid_only:
        raise ValidationError(
            f"{len(check.invalid_rows)} of {len(check.rows)} rows have problems, so nothing "
            f"is imported. Correct the file, or import only the valid rows."
        )
    rows = check.valid_rows
    if expected_rows is not None and len(rows) != expected_rows:
        raise ValidationError(
            f"The register changed since the preview: {len(rows)} rows are valid now, not "
            f"{expected_rows}. Nothing is imported; check the preview again."
        )
    if not rows:
        raise ValidationError("No row is valid; nothing is imported.")
    with org_scope(organization), transaction.atomic():
        if kind.write_rows is not None:
            kind.write_rows(organization=organization, actor=actor, rows=rows)
            return len(rows)
        for row in rows:
            try:
                kind.create(organization=organization, actor=actor, data=row.data)
            except ValidationError as error:
                raise ValidationError(
                    f"Line {row.line}: {' '.join(error.messages)} Nothing is imported."
                ) from error
    return len(rows)
