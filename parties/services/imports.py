"""Import parties and contacts from a CSV or XLSX file.

``check_file`` reads the file and checks every row without writing anything: the preview
and its row-by-row error report. ``import_file`` checks again and writes in ONE transaction
through the register's services: the whole file when every row is valid, or, when the
person asked for it knowingly, only the valid rows (and then exactly as many as the preview
showed). Any failure while writing rolls everything back.

The checks of the preview run in batch (members, names of the register: one query each)
instead of per row; the services then check each row again when it is written.
"""

from dataclasses import dataclass, field
from datetime import datetime, time
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.dateparse import parse_date

from parties import selectors
from parties.models import Contact, Party, PartyType, Tier
from parties.services import contacts as contacts_service
from parties.services import register
from parties.tables import TableError, read_table
from relmgmt.core.scoping import org_scope

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_ROWS = 2000
# Model field -> column, where they differ.
COLUMN_OF_FIELD = {"owner": "owner_email", "consent_given_at": "consent_given_on"}


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


@dataclass(frozen=True)
class ImportKind:
    key: str
    label: str  # plural noun: "parties"
    singular: str
    required: tuple[str, ...]
    optional: tuple[str, ...]
    check_rows: object  # (organization, rows) -> None, fills row.data and row.errors
    create: object  # (organization=, actor=, data=) -> record
    notes: tuple[str, ...] = ()

    @property
    def headers(self) -> list[str]:
        return [*self.required, *self.optional]


# --- cells ----------------------------------------------------------------------------


def _choice(row: Row, column: str, choices, default=None, *, text: str | None = None):
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


def _whole_number(row: Row, column: str, low: int, high: int):
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


def _date(row: Row, column: str):
    text = row.cells.get(column, "")
    if not text:
        return None
    try:
        value = parse_date(text[:10]) if len(text) >= 10 else None
    except ValueError:
        value = None
    if value is None:
        row.error(column, f"Write the date as YYYY-MM-DD; got “{text}”.")
    return value


def _apply_model_errors(row: Row, error: ValidationError) -> None:
    for name, messages in error.message_dict.items():
        column = COLUMN_OF_FIELD.get(name, name)
        column = column if column in row.cells else "row"
        for message in messages:
            row.error(column, message)


def _member_emails(organization) -> dict:
    users = selectors.member_users(organization=organization)
    return {user.email.lower(): user for user in users}


def _key(name: str) -> str:
    return " ".join(name.split()).lower()


# --- parties --------------------------------------------------------------------------


def _check_party_rows(organization, rows: list[Row]) -> None:
    members = _member_emails(organization)
    in_register = {
        _key(name)
        for name in Party.objects.filter(organization=organization).values_list("name", flat=True)
    }
    first_line = {}
    for row in rows:
        data = {}
        name = " ".join(row.cells.get("name", "").split())
        if not name:
            row.error("name", "A name is needed.")
        elif _key(name) in in_register:
            row.error("name", f"There is already a party named {name} in the register.")
        elif _key(name) in first_line:
            row.error("name", f"{name} is also on line {first_line[_key(name)]} of this file.")
        else:
            first_line[_key(name)] = row.line
        data["name"] = name
        parts = [part for part in row.cells["types"].replace(";", ",").split(",") if part.strip()]
        types = [_choice(row, "types", PartyType.choices, text=part) for part in parts]
        data["types"] = [value for value in types if value]
        if not parts:
            row.error("types", "Give at least one type.")
        data["tier"] = _choice(row, "tier", Tier.choices, default=Tier.MANAGED)
        data["status"] = _choice(row, "status", Party.Status.choices, default=Party.Status.ACTIVE)
        email = row.cells.get("owner_email", "").lower()
        if email:
            data["owner"] = members.get(email)
            if data["owner"] is None:
                row.error("owner_email", f"{email} is not a member of {organization.name}.")
        for column in ("influence", "interest"):
            data[column] = _whole_number(row, column, 1, 5) or 3
        data["review_cadence_months"] = _whole_number(row, "review_cadence_months", 1, 60)
        data["next_review_due"] = _date(row, "next_review_due")
        try:
            data["tags"] = register.clean_tags(row.cells.get("tags", ""))
        except ValidationError as error:
            _apply_model_errors(row, error)
        website = row.cells.get("website", "")
        if website and "://" not in website:
            website = f"https://{website}"
        data["website"] = website
        for column in ("description", "address"):
            data[column] = row.cells.get(column, "")
        row.data = data
        _full_clean(Party(organization=organization, **data), row, exclude=["owner"])


def _full_clean(instance, row: Row, *, exclude: list[str]) -> None:
    """The model's field checks, for the columns not already reported.

    Names are checked above in batch, and the check constraints (1 to 5) repeat the field
    validators; the service runs the full validation when it writes.
    """
    try:
        instance.full_clean(
            exclude=["organization", *exclude], validate_unique=False, validate_constraints=False
        )
    except ValidationError as error:
        fresh = {
            name: messages
            for name, messages in error.message_dict.items()
            if COLUMN_OF_FIELD.get(name, name) not in row.errors
        }
        if fresh:
            _apply_model_errors(row, ValidationError(fresh))


def _create_party(*, organization, actor, data):
    return register.party_create(organization=organization, actor=actor, data=data)


# --- contacts -------------------------------------------------------------------------


def _check_contact_rows(organization, rows: list[Row]) -> None:
    parties_by_name = {
        _key(party.name): party
        for party in Party.objects.filter(organization=organization).only("id", "name")
    }
    in_register = {
        (party_id, _key(name))
        for party_id, name in Contact.objects.filter(
            organization=organization, erased_at__isnull=True
        ).values_list("party_id", "name")
    }
    first_line = {}
    tz = ZoneInfo(organization.timezone)
    for row in rows:
        data = {}
        party_name = row.cells.get("party", "")
        party = parties_by_name.get(_key(party_name))
        if not party_name:
            row.error("party", "Name the party the contact belongs to.")
        elif party is None:
            row.error("party", f"No party named {party_name} in the register; add it first.")
        name = " ".join(row.cells.get("name", "").split())
        if not name:
            row.error("name", "A name is needed.")
        elif party is not None:
            key = (party.pk, _key(name))
            if key in in_register:
                row.error("name", f"{party.name} already has a contact named {name}.")
            elif key in first_line:
                row.error("name", f"{name} of {party.name} is also on line {first_line[key]}.")
            else:
                first_line[key] = row.line
        data.update(party=party, name=name)
        for column in ("job_title", "email", "phone", "consent_method"):
            data[column] = row.cells.get(column, "")
        data["email"] = data["email"].lower()
        data["preferred_channel"] = _choice(
            row, "preferred_channel", Contact.Channel.choices, default=Contact.Channel.EMAIL
        )
        consent_on = _date(row, "consent_given_on")
        if consent_on is not None:
            data["consent_given_at"] = datetime.combine(consent_on, time(0), tzinfo=tz)
            if not data["consent_method"]:
                row.error("consent_method", "Say how consent was given.")
        row.data = data
        _full_clean(Contact(organization=organization, **data), row, exclude=["party"])


def _create_contact(*, organization, actor, data) -> Contact:
    """Through the contacts service, so its rules apply to imported contacts too."""
    data = dict(data)
    party = data.pop("party")
    given_at, method = data.pop("consent_given_at", None), data.pop("consent_method", "")
    with transaction.atomic():
        contact = contacts_service.contact_create(
            organization=organization,
            actor=actor,
            party=party,
            data=data,
            reason="Imported from a file",
        )
        if given_at is not None:
            contact = contacts_service.consent_record(
                organization=organization,
                actor=actor,
                contact=contact,
                given_at=given_at,
                method=method,
            )
    return contact


KINDS = {
    "parties": ImportKind(
        key="parties",
        label="parties",
        singular="party",
        required=("name", "types"),
        optional=(
            "tier",
            "status",
            "owner_email",
            "influence",
            "interest",
            "tags",
            "description",
            "website",
            "address",
            "review_cadence_months",
            "next_review_due",
        ),
        check_rows=_check_party_rows,
        create=_create_party,
        notes=(
            "types: one or more of " + ", ".join(PartyType.values) + ", separated by commas.",
            "tier: " + ", ".join(Tier.values) + " (empty: managed).",
            "status: " + ", ".join(Party.Status.values) + " (empty: active).",
            "owner_email: the email of a member of the organisation.",
            "influence, interest: 1 to 5 (empty: 3).",
            "tags: separated by commas. Dates: YYYY-MM-DD.",
        ),
    ),
    "contacts": ImportKind(
        key="contacts",
        label="contacts",
        singular="contact",
        required=("party", "name"),
        optional=(
            "job_title",
            "email",
            "phone",
            "preferred_channel",
            "consent_method",
            "consent_given_on",
        ),
        check_rows=_check_contact_rows,
        create=_create_contact,
        notes=(
            "party: the name of a party already in the register.",
            "preferred_channel: " + ", ".join(Contact.Channel.values) + " (empty: email).",
            "consent_given_on: YYYY-MM-DD, with consent_method saying how it was given.",
        ),
    ),
}


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
    if len(content) > MAX_UPLOAD_BYTES:
        raise ImportFileError(_too_large_message(len(content)))
    try:
        header, body = read_table(content, max_rows=MAX_ROWS)
    except TableError as exc:
        raise ImportFileError(str(exc)) from exc
    columns = _match_headers(kind, header)
    rows = []
    for line, cells in body:
        row = Row(line=line, cells=dict.fromkeys(kind.headers, ""))
        for column, value in zip(columns, cells, strict=False):
            row.cells[column] = value
        if len(cells) > len(columns) and any(cells[len(columns) :]):
            row.error("row", "More cells than headers; is a comma missing its quotes?")
        rows.append(row)
    if not rows:
        raise ImportFileError("The file has a header row but no rows to import.")
    with org_scope(organization):
        kind.check_rows(organization, rows)
    return Check(kind=kind, headers=columns, rows=rows)


def _too_large_message(size: int) -> str:
    return (
        f"The file is {size / 1024 / 1024:.1f} MB; the limit is "
        f"{MAX_UPLOAD_BYTES // 1024 // 1024} MB. Split it into parts."
    )


def too_large(size: int) -> str | None:
    """The message for an upload above the limit, checked before anything is read."""
    return _too_large_message(size) if size > MAX_UPLOAD_BYTES else None


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
        for row in rows:
            try:
                kind.create(organization=organization, actor=actor, data=row.data)
            except ValidationError as error:
                raise ValidationError(
                    f"Line {row.line}: {' '.join(error.messages)} Nothing is imported."
                ) from error
    return len(rows)
