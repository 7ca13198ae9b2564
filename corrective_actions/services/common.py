"""What the nonconformity and corrective action services share: references numbered per
organisation and year, evidence files checked by their content (the same check as a
complaint's attachments), the transition refusal that names the allowed moves, and the
member's role."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db.models import Max, Model

from feedback.services.complaints import MAX_ATTACHMENTS, CheckedFile, check_attachment
from relmgmt.policy import WRITER_ROLES
from relmgmt.tenancy.models import Membership

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from relmgmt.accounts.models import User
    from relmgmt.tenancy.models import Organization

MAX_TEXT = 20000


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: tuple[str, ...]
    target: str
    note_required: str = ""  # the message when a note must be given


def allowed(transitions: dict[str, Transition], state: str) -> list[Transition]:
    return [t for t in transitions.values() if state in t.sources]


def refuse_transition(
    transitions: dict[str, Transition], what: str, state_label: str, state: str, action: str
) -> ValidationError:
    """The refusal of ``action`` from ``state``, naming the moves the state allows."""
    known = transitions.get(action)
    names = [t.action for t in allowed(transitions, state)]
    verb = f"cannot {action.replace('_', ' ')}" if known else f"has no action {action!r}"
    tail = f"allowed: {', '.join(names)}." if names else "it allows no further action."
    return ValidationError({"action": f"A {what} that is {state_label.lower()} {verb}; {tail}"})


def year_of(organization: Organization, moment: datetime) -> int:
    return moment.astimezone(ZoneInfo(organization.timezone)).year


def next_number(organization: Organization, model: type[Model], year: int) -> int:
    # Lock the organisation's row: two records opened at once get different numbers.
    type(organization).objects.select_for_update().filter(pk=organization.pk).first()
    highest = model._default_manager.filter(organization=organization, year=year).aggregate(
        top=Max("number")
    )["top"]
    return (highest or 0) + 1


def text(value: Any) -> str:
    return " ".join(str(value or "").split())


def long_text(field: str, value: Any, label: str) -> str:
    value = str(value or "").strip()
    if len(value) > MAX_TEXT:
        raise ValidationError(
            {field: f"The {label} is {len(value):,} characters long; the limit is {MAX_TEXT:,}."}
        )
    return value


def role_of(organization: Organization, user: User | None) -> str | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    membership = Membership.objects.filter(organization=organization, user=user).active().first()
    return membership.role if membership else None


def check_makers(organization: Organization, owner: User | None) -> list[User]:
    """Who is reminded of an effectiveness check: the managers other than the owner (who
    may not make it); the owner when there is no one else."""
    people = [
        membership.user
        for membership in Membership.objects.filter(
            organization=organization, role__in=WRITER_ROLES
        )
        .active()
        .select_related("user")
        if owner is None or membership.user_id != owner.pk
    ]
    return people or ([owner] if owner is not None else [])


def check_uploads(uploads: list[UploadedFile], existing: int = 0) -> list[CheckedFile]:
    if existing + len(uploads) > MAX_ATTACHMENTS:
        raise ValidationError({"attachments": f"A record keeps at most {MAX_ATTACHMENTS} files."})
    return [check_attachment(upload) for upload in uploads]


def store_files(
    make: Any, uploads: list[UploadedFile], checked: list[CheckedFile], stored: list[Any]
) -> None:
    """Save each upload as ``make(checked_file)`` under a random name; ``stored`` collects
    them so a failure later removes the files written."""
    for upload, check in zip(uploads, checked, strict=True):
        attachment = make(check)
        attachment.file.save(f"{secrets.token_urlsafe(16)}.{check.extension}", upload, save=False)
        stored.append(attachment)
        attachment.save()


def remove_files(stored: Iterable[Any]) -> None:
    for attachment in stored:
        name = attachment.file.name
        if name and attachment.file.storage.exists(name):
            attachment.file.storage.delete(name)
