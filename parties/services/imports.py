"""Import parties and contacts from a CSV or XLSX file.

``check_file`` reads the file and checks every row without writing anything: the preview
and its row-by-row error report. ``import_file`` checks again and writes in ONE transaction
through the register's services: the whole file when every row is valid, or, when the
person asked for it knowingly, only the valid rows (and then exactly as many as the preview
showed). Any failure while writing rolls everything back.

The checks of the preview run in batch (members, names of the register: one query each)
instead of per row; the services then check each row again when it is written.
"""

from __future__ import annotations

from datetime import datetime, time
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model

from parties.models import Contact, Party, PartyType, Tier
from parties.services import contacts as contacts_service
from parties.services import register
from relmgmt.core.imports import (  # noqa: F401  (the names this module's callers use)
    MAX_ROWS,
    MAX_UPLOAD_BYTES,
    Check,
    ImportFileError,
    ImportKind,
    Row,
    apply_model_errors,
    check_file,
    choice,
    full_clean_row,
    import_file,
    too_large,
    whole_number,
)
from relmgmt.core.imports import date as date_cell
from relmgmt.tenancy.selectors import member_users

if TYPE_CHECKING:
    from relmgmt.accounts.models import User
    from relmgmt.tenancy.models import Organization

# Model field -> column, where they differ.
COLUMN_OF_FIELD = {"owner": "owner_email", "consent_given_at": "consent_given_on"}


def _apply_model_errors(row: Row, error: ValidationError) -> None:
    apply_model_errors(row, error, COLUMN_OF_FIELD)


def _member_emails(organization: Organization) -> dict:
    users = member_users(organization=organization)
    return {user.email.lower(): user for user in users}


def _key(name: str) -> str:
    return " ".join(name.split()).lower()


# --- parties --------------------------------------------------------------------------


def _check_party_rows(organization: Organization, rows: list[Row]) -> None:
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
        types = [choice(row, "types", PartyType.choices, text=part) for part in parts]
        data["types"] = [value for value in types if value]
        if not parts:
            row.error("types", "Give at least one type.")
        data["tier"] = choice(row, "tier", Tier.choices, default=Tier.MANAGED)
        data["status"] = choice(row, "status", Party.Status.choices, default=Party.Status.ACTIVE)
        email = row.cells.get("owner_email", "").lower()
        if email:
            data["owner"] = members.get(email)
            if data["owner"] is None:
                row.error("owner_email", f"{email} is not a member of {organization.name}.")
        for column in ("influence", "interest"):
            data[column] = whole_number(row, column, 1, 5) or 3
        data["review_cadence_months"] = whole_number(row, "review_cadence_months", 1, 60)
        data["next_review_due"] = date_cell(row, "next_review_due")
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


def _full_clean(instance: Model, row: Row, *, exclude: list[str]) -> None:
    full_clean_row(instance, row, exclude=exclude, column_of_field=COLUMN_OF_FIELD)


def _create_party(*, organization: Organization, actor: User | None, data: dict[str, Any]) -> Party:
    return register.party_create(organization=organization, actor=actor, data=data)


# --- contacts -------------------------------------------------------------------------


def _check_contact_rows(organization: Organization, rows: list[Row]) -> None:
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
        data["preferred_channel"] = choice(
            row, "preferred_channel", Contact.Channel.choices, default=Contact.Channel.EMAIL
        )
        consent_on = date_cell(row, "consent_given_on")
        if consent_on is not None:
            data["consent_given_at"] = datetime.combine(consent_on, time(0), tzinfo=tz)
            if not data["consent_method"]:
                row.error("consent_method", "Say how consent was given.")
        row.data = data
        _full_clean(Contact(organization=organization, **data), row, exclude=["party"])


def _create_contact(
    *, organization: Organization, actor: User | None, data: dict[str, Any]
) -> Contact:
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


PARTIES = ImportKind(
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
        "effective_review_cadence_months",
        "next_review_due",
        "needs",
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
        "needs, effective_review_cadence_months: written by the export for reading; an "
        "import leaves them as they are (review_cadence_months empty: the tier's default).",
    ),
)

CONTACTS = ImportKind(
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
)

KINDS = {PARTIES.key: PARTIES, CONTACTS.key: CONTACTS}
