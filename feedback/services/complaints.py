"""The complaints register's writes: receive a complaint (from a member, the API or the
public form), change its details, add an attachment, and move it through its states.

``complaint_transition`` is the one place that knows which moves are allowed
(``TRANSITIONS``); a move the state does not allow is refused with the allowed ones named.
Each move is recorded as a ``ComplaintEvent`` (the timeline) and in the audit trail.

Service levels: receiving or reopening a complaint sets its deadlines (see
``feedback.service_levels``) and schedules the reminders before each breach, with their
escalation, through the reminder engine; acknowledging cancels the first, resolving,
rejecting or withdrawing the second.

Attachments are checked by their content, as suppliers' certificates are: PDF, PNG or JPEG
only, and the content must be what the name says. They are stored under the organisation's
prefix with a random name and served only through a permission-checked view.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import filetype
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from feedback import service_levels
from feedback.models import Complaint, ComplaintAttachment, ComplaintEvent
from feedback.models.complaints import Category, Channel, Severity, State
from feedback.reminder_kinds import COMPLAINT_ACKNOWLEDGE_DUE, COMPLAINT_RESOLVE_DUE
from parties.selectors import contacts as contact_selectors
from parties.selectors import register as party_selectors
from relmgmt.audit.context import acting_as, audit_reason
from relmgmt.core.files import clean_file_name
from relmgmt.core.scoping import org_scope
from relmgmt.core.validation import ensure_same_organization
from relmgmt.notifications.services import scheduling
from relmgmt.policy import WRITER_ROLES
from relmgmt.tenancy.models import Membership
from relmgmt.tenancy.services import ensure_member

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from relmgmt.accounts.models import User
    from relmgmt.tenancy.models import Organization

DETAIL_FIELDS = (
    "party",
    "new_party_name",
    "contact",
    "complainant_name",
    "complainant_email",
    "complainant_phone",
    "channel",
    "category",
    "severity",
    "reference_number",
    "subject",
    "description",
    "owner",
)
MAX_TEXT = 20000


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: tuple[str, ...]
    target: str
    note_required: str = ""  # the message when a note must be given


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition("acknowledge", "Acknowledge", (State.RECEIVED,), State.ACKNOWLEDGED),
        Transition(
            "investigate",
            "Start the investigation",
            (State.RECEIVED, State.ACKNOWLEDGED),
            State.INVESTIGATING,
        ),
        Transition(
            "resolve",
            "Resolve",
            (State.ACKNOWLEDGED, State.INVESTIGATING),
            State.RESOLVED,
            "Say what the customer was told.",
        ),
        Transition("close", "Close", (State.RESOLVED,), State.CLOSED),
        Transition(
            "reject",
            "Reject",
            (State.RECEIVED, State.ACKNOWLEDGED, State.INVESTIGATING),
            State.REJECTED,
            "Say why the complaint is rejected (the customer is told this).",
        ),
        Transition(
            "withdraw",
            "Withdrawn by the customer",
            (State.RECEIVED, State.ACKNOWLEDGED, State.INVESTIGATING),
            State.WITHDRAWN,
        ),
        Transition(
            "reopen",
            "Reopen",
            (State.RESOLVED, State.CLOSED, State.REJECTED),
            State.INVESTIGATING,
            "Say why the complaint is reopened.",
        ),
    )
}


def allowed_actions(state: str) -> list[Transition]:
    return [t for t in TRANSITIONS.values() if state in t.sources]


# --- Attachments -----------------------------------------------------------------------

EXTENSIONS = {"pdf": "pdf", "png": "png", "jpg": "jpg", "jpeg": "jpg"}
CONTENT = {
    "pdf": ("application/pdf", "a PDF"),
    "png": ("image/png", "a PNG image"),
    "jpg": ("image/jpeg", "a JPEG image"),
}
MAX_ATTACHMENTS = 5


def max_bytes() -> int:
    return settings.RELMGMT_CERTIFICATE_MAX_BYTES


@dataclass(frozen=True)
class CheckedFile:
    name: str
    extension: str
    content_type: str
    size: int


def check_attachment(upload: UploadedFile) -> CheckedFile:
    """Refuse an empty or too large file, one that is not a PDF, PNG or JPEG, or whose
    content is not what its name says (ValidationError on ``attachments``)."""
    name = clean_file_name(getattr(upload, "name", ""))
    size = upload.size or 0
    if not size:
        raise ValidationError({"attachments": f"{name or 'The file'} is empty."})
    if size > max_bytes():
        limit = max_bytes() // (1024 * 1024)
        raise ValidationError({"attachments": f"{name} is larger than {limit} MB."})
    claimed = EXTENSIONS.get(name.rpartition(".")[2].lower()) if "." in name else None
    if claimed is None:
        raise ValidationError(
            {"attachments": f"{name}: attach a PDF, PNG or JPEG file (.pdf, .png, .jpg)."}
        )
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    guessed = filetype.guess(head)
    found = EXTENSIONS.get(guessed.extension) if guessed is not None else None
    if found != claimed:
        what = f"is {CONTENT[found][1]}" if found else "is not a PDF, PNG or JPEG"
        raise ValidationError(
            {"attachments": f"{name} is not {CONTENT[claimed][1]}: its content {what}."}
        )
    return CheckedFile(name=name, extension=found, content_type=CONTENT[found][0], size=size)


def _check_all(uploads: list[UploadedFile]) -> list[CheckedFile]:
    if len(uploads) > MAX_ATTACHMENTS:
        raise ValidationError({"attachments": f"Attach at most {MAX_ATTACHMENTS} files."})
    return [check_attachment(upload) for upload in uploads]


def _store(
    organization: Organization,
    complaint: Complaint,
    uploads: list[UploadedFile],
    checked: list[CheckedFile],
    stored: list[ComplaintAttachment],
) -> None:
    for upload, check in zip(uploads, checked, strict=True):
        attachment = ComplaintAttachment(
            organization=organization,
            complaint=complaint,
            original_name=check.name or f"attachment.{check.extension}",
            content_type=check.content_type,
            size=check.size,
        )
        attachment.file.save(f"{secrets.token_urlsafe(16)}.{check.extension}", upload, save=False)
        stored.append(attachment)
        attachment.save()


def _remove_files(stored: list[ComplaintAttachment]) -> None:
    for attachment in stored:
        name = attachment.file.name
        if name and attachment.file.storage.exists(name):
            attachment.file.storage.delete(name)


def attachment_add(
    *,
    organization: Organization,
    actor: User | None,
    complaint: Complaint,
    uploads: list[UploadedFile],
) -> list[ComplaintAttachment]:
    ensure_same_organization(organization=organization, record=complaint, field="complaint")
    checked = _check_all(uploads)
    stored: list[ComplaintAttachment] = []
    try:
        with org_scope(organization), transaction.atomic(), acting_as(actor):
            existing = ComplaintAttachment.objects.filter(complaint=complaint).count()
            if existing + len(uploads) > MAX_ATTACHMENTS:
                raise ValidationError(
                    {"attachments": f"A complaint keeps at most {MAX_ATTACHMENTS} files."}
                )
            _store(organization, complaint, uploads, checked, stored)
    except BaseException:
        _remove_files(stored)
        raise
    return stored


# --- Details ---------------------------------------------------------------------------


def _text(value: Any) -> str:
    return " ".join(str(value or "").split())


def _apply(organization: Organization, complaint: Complaint, data: dict) -> None:
    for field in DETAIL_FIELDS:
        if field not in data:
            continue
        value = data[field]
        if field in ("description",):
            value = str(value or "").strip()
        elif field not in ("party", "contact", "owner"):
            value = _text(value)
        setattr(complaint, field, value)
    if len(complaint.description) > MAX_TEXT:
        raise ValidationError(
            {
                "description": f"The description is {len(complaint.description):,} characters "
                f"long; the limit is {MAX_TEXT:,}."
            }
        )
    ensure_same_organization(organization=organization, record=complaint.party, field="party")
    ensure_same_organization(organization=organization, record=complaint.contact, field="contact")
    if complaint.owner_id:
        ensure_member(organization=organization, user=complaint.owner, field="owner")
    contact = complaint.contact if complaint.contact_id else None
    if contact is not None and complaint.party_id and contact.party_id != complaint.party_id:
        raise ValidationError({"contact": "Choose a contact of the complaint's party."})
    if contact is not None and not complaint.party_id:
        complaint.party = contact.party
    if complaint.party_id:
        complaint.new_party_name = ""
    if not complaint.party_id and not complaint.new_party_name and not complaint.complainant_name:
        raise ValidationError(
            {"party": "Choose the party, or give the name of a new one or of the complainant."}
        )
    if contact is not None:
        complaint.complainant_name = complaint.complainant_name or contact.name
        complaint.complainant_email = complaint.complainant_email or contact.email


def _validate(complaint: Complaint) -> None:
    complaint.full_clean(
        exclude=["organization", "party", "contact", "owner"], validate_unique=False
    )


def _next_number(organization: Organization, year: int) -> int:
    # Lock the organisation's row: two complaints received at once get different numbers.
    type(organization).objects.select_for_update().filter(pk=organization.pk).first()
    highest = Complaint.objects.filter(year=year).aggregate(top=Max("number"))["top"]
    return (highest or 0) + 1


def complaint_create(
    *,
    organization: Organization,
    actor: User | None,
    data: dict,
    uploads: list[UploadedFile] | None = None,
    received_at: datetime | None = None,
    actor_label: str = "",
) -> Complaint:
    """Receive a complaint: numbered ``C-<year>-<nnnn>`` in the organisation, in state
    received, with its service level deadlines and their reminders."""
    uploads = list(uploads or [])
    complaint = Complaint(organization=organization)
    _apply(organization, complaint, data)
    complaint.received_at = received_at or timezone.now()
    complaint.acknowledge_due_at, complaint.resolve_due_at = service_levels.deadlines(
        organization, complaint.severity, complaint.received_at
    )
    complaint.year = complaint.received_at.astimezone(ZoneInfo(organization.timezone)).year
    complaint.number = 0
    complaint.reference = "C-new"
    _validate(complaint)
    checked = _check_all(uploads)
    stored: list[ComplaintAttachment] = []
    try:
        with (
            org_scope(organization),
            transaction.atomic(),
            acting_as(actor, label=actor_label or None),
        ):
            complaint.number = _next_number(organization, complaint.year)
            complaint.reference = f"C-{complaint.year}-{complaint.number:04d}"
            complaint.save()
            ComplaintEvent.objects.create(
                organization=organization,
                complaint=complaint,
                from_state="",
                to_state=State.RECEIVED,
                at=complaint.received_at,
                actor=actor if getattr(actor, "is_authenticated", False) else None,
                actor_label=_label(actor, actor_label),
                note=f"Received by {complaint.get_channel_display().lower()}.",
            )
            _store(organization, complaint, uploads, checked, stored)
            _schedule(organization, complaint)
    except BaseException:
        _remove_files(stored)
        raise
    return complaint


def complaint_update(
    *,
    organization: Organization,
    actor: User | None,
    complaint: Complaint,
    data: dict,
    reason: str = "",
) -> Complaint:
    """Change a complaint's details. A new severity moves its deadlines (counted from when
    it was received, or last reopened) and its reminders."""
    ensure_same_organization(organization=organization, record=complaint, field="complaint")
    with org_scope(organization), transaction.atomic():
        complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
        old_severity, old_owner = complaint.severity, complaint.owner_id
        _apply(organization, complaint, data)
        _validate(complaint)
        if complaint.severity != old_severity:
            start = _clock_start(complaint)
            acknowledge, resolve = service_levels.deadlines(organization, complaint.severity, start)
            if complaint.acknowledged_at is None:
                complaint.acknowledge_due_at = acknowledge
            complaint.resolve_due_at = resolve
        with acting_as(actor), audit_reason(reason):
            complaint.save()
        if complaint.severity != old_severity or complaint.owner_id != old_owner:
            _schedule(organization, complaint)
    return complaint


def _clock_start(complaint: Complaint) -> datetime:
    reopened = (
        ComplaintEvent.objects.filter(
            complaint=complaint,
            from_state__in=[State.RESOLVED, State.CLOSED, State.REJECTED],
            to_state=State.INVESTIGATING,
        )
        .order_by("-at")
        .values_list("at", flat=True)
        .first()
    )
    return reopened or complaint.received_at


def _label(actor: Any, fallback: str = "") -> str:
    if getattr(actor, "is_authenticated", False):
        return getattr(actor, "display_name", "") or actor.email
    return fallback or "system"


# --- Transitions -----------------------------------------------------------------------


def complaint_transition(
    *,
    organization: Organization,
    actor: User | None,
    complaint: Complaint,
    action: str,
    note: str = "",
    at: datetime | None = None,
) -> Complaint:
    """Move a complaint by ``action`` (acknowledge, investigate, resolve, close, reject,
    withdraw, reopen). A move its state does not allow is refused, naming the allowed ones;
    resolving and rejecting record what the customer was told."""
    ensure_same_organization(organization=organization, record=complaint, field="complaint")
    note = str(note or "").strip()
    if len(note) > MAX_TEXT:
        raise ValidationError(
            {"note": f"The note is {len(note):,} characters long; the limit is {MAX_TEXT:,}."}
        )
    at = at or timezone.now()
    with org_scope(organization), transaction.atomic():
        complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
        transition = TRANSITIONS.get(action)
        if transition is None or complaint.state not in transition.sources:
            allowed = [t.action for t in allowed_actions(complaint.state)]
            what = f"cannot {action}" if transition else f"has no action {action!r}"
            raise ValidationError(
                {
                    "action": f"A {complaint.get_state_display().lower()} complaint {what}; "
                    + (
                        f"allowed: {', '.join(allowed)}."
                        if allowed
                        else "it allows no further action."
                    )
                }
            )
        if transition.note_required and not note:
            raise ValidationError({"note": transition.note_required})
        source = complaint.state
        complaint.state = transition.target
        if action == "acknowledge" or (
            action == "investigate" and complaint.acknowledged_at is None
        ):
            complaint.acknowledged_at = at
        elif action == "resolve":
            complaint.resolved_at = at
            complaint.resolution = note
        elif action == "close":
            complaint.closed_at = at
        elif action in ("reject", "withdraw"):
            complaint.closed_at = at
            if action == "reject":
                complaint.resolution = note
        elif action == "reopen":
            complaint.reopen_count += 1
            complaint.resolved_at = None
            complaint.closed_at = None
            _ack, complaint.resolve_due_at = service_levels.deadlines(
                organization, complaint.severity, at
            )
        with acting_as(actor), audit_reason(note[:500] if action == "reopen" else ""):
            complaint.save()
            ComplaintEvent.objects.create(
                organization=organization,
                complaint=complaint,
                from_state=source,
                to_state=complaint.state,
                at=at,
                actor=actor if getattr(actor, "is_authenticated", False) else None,
                actor_label=_label(actor),
                note=note,
            )
        _schedule(organization, complaint)
        if action == "close":
            _survey_the_handling(organization, actor, complaint)
    return complaint


# Called with ``organization``, ``actor`` and ``complaint`` inside the closing transaction
# (both or neither): the transactional survey registers here (feedback.extensions), since
# the survey services raise complaints themselves and may not be imported from here.
complaint_closed_listeners: list[Callable[..., Any]] = []


def _survey_the_handling(
    organization: Organization, actor: User | None, complaint: Complaint
) -> None:
    for listener in complaint_closed_listeners:
        listener(organization=organization, actor=actor, complaint=complaint)


# --- Service level reminders -------------------------------------------------------------


def _recipients(organization: Organization, complaint: Complaint) -> list:
    if complaint.owner_id:
        return [complaint.owner]
    memberships = (
        Membership.objects.filter(organization=organization, role__in=WRITER_ROLES)
        .active()
        .select_related("user")
    )
    return [membership.user for membership in memberships]


def _reminder_day(organization: Organization, deadline: datetime) -> date:
    """The day the reminder goes out (at the engine's morning hour): the deadline's own day,
    or the day before when the deadline comes before that hour."""
    local = deadline.astimezone(ZoneInfo(organization.timezone))
    if local.hour < scheduling.SEND_HOUR:
        return local.date() - timedelta(days=1)
    return local.date()


def _schedule(organization: Organization, complaint: Complaint) -> None:
    url = reverse(
        "feedback:complaint_detail", kwargs={"org_slug": organization.slug, "pk": complaint.pk}
    )
    tz = ZoneInfo(organization.timezone)
    if complaint.state == State.RECEIVED:
        people = _recipients(organization, complaint)
        scheduling.reminder_schedule(
            organization=organization,
            kind=COMPLAINT_ACKNOWLEDGE_DUE.key,
            record=complaint,
            due_date=complaint.acknowledge_due_at.astimezone(tz).date(),
            send_on=_reminder_day(organization, complaint.acknowledge_due_at),
            recipients=people,
            url=url,
        )
    else:
        scheduling.reminders_cancel(
            organization=organization,
            record=complaint,
            kind=COMPLAINT_ACKNOWLEDGE_DUE.key,
            reason="the complaint was acknowledged",
        )
    if complaint.is_open:
        scheduling.reminder_schedule(
            organization=organization,
            kind=COMPLAINT_RESOLVE_DUE.key,
            record=complaint,
            due_date=complaint.resolve_due_at.astimezone(tz).date(),
            send_on=_reminder_day(organization, complaint.resolve_due_at),
            recipients=_recipients(organization, complaint),
            url=url,
        )
    else:
        scheduling.reminders_cancel(
            organization=organization,
            record=complaint,
            kind=COMPLAINT_RESOLVE_DUE.key,
            reason=f"the complaint was {complaint.get_state_display().lower()}",
        )


# --- The public form and the complainant's status link ----------------------------------

STATUS_SALT = "feedback.complaint-status"


def status_signature(complaint: Complaint) -> str:
    """The private part of the complainant's status link: signed, naming the organisation,
    the complaint and its random token; nothing else opens it."""
    return signing.dumps(
        [complaint.organization_id, complaint.pk, complaint.status_token],
        salt=STATUS_SALT,
        compress=True,
    )


def status_path(organization: Organization, complaint: Complaint) -> str:
    return reverse(
        "complaint_public_status",
        kwargs={"slug": organization.slug, "token": status_signature(complaint)},
    )


def complaint_for_status(organization: Organization, token: str) -> Complaint | None:
    """The complaint the link names, if the link is intact and of this organisation."""
    try:
        organization_id, complaint_id, secret = signing.loads(token, salt=STATUS_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if organization_id != organization.pk:
        return None
    with org_scope(organization):
        complaint = Complaint.objects.filter(pk=complaint_id).first()
    if complaint is None or not secrets.compare_digest(complaint.status_token, str(secret)):
        return None
    return complaint


def complaint_public_submit(
    *,
    organization: Organization,
    data: dict,
    uploads: list[UploadedFile] | None = None,
) -> Complaint:
    """A complaint sent through the organisation's public form, matched to the register:
    to the contact with the complainant's email (and its party) when there is exactly one,
    else to the party with the company name given when there is exactly one, else the name
    is kept as a pending new party. It is acknowledged to the complainant by email with its
    reference and the private status link."""
    fields = {
        "new_party_name": data.get("organization_name", ""),
        "complainant_name": data.get("name", ""),
        "complainant_email": data.get("email", ""),
        "complainant_phone": data.get("phone", ""),
        "reference_number": data.get("reference_number", ""),
        "category": data.get("category") or Category.OTHER,
        "severity": Severity.MEDIUM,
        "channel": Channel.WEB_FORM,
        "subject": data.get("subject", ""),
        "description": data.get("description", ""),
    }
    if not _text(fields["complainant_email"]):
        raise ValidationError({"email": "Give an email address for the reply."})
    fields.update(_match(organization, fields["complainant_email"], fields["new_party_name"]))
    complaint = complaint_create(
        organization=organization,
        actor=None,
        data=fields,
        uploads=uploads,
        actor_label="public complaint form",
    )
    link = settings.SITE_URL.rstrip("/") + status_path(organization, complaint)
    context = {"organization": organization, "complaint": complaint, "url": link}
    recipient = complaint.complainant_email
    transaction.on_commit(
        lambda: send_mail(
            subject=f"{organization.name}: your complaint {complaint.reference} is received",
            message=render_to_string("feedback/email/complaint_received.txt", context),
            from_email=f"{organization.name} via relmgmt <{_from_address()}>",
            recipient_list=[recipient],
        )
    )
    return complaint


def _match(organization: Organization, email: str, company: str) -> dict:
    with org_scope(organization):
        found = list(
            contact_selectors.contacts(organization=organization).filter(
                email__iexact=_text(email)
            )[:2]
        )
        if len(found) == 1:
            return {"contact": found[0], "party": found[0].party}
        if _text(company):
            named = list(
                party_selectors.parties(organization=organization).filter(
                    name__iexact=_text(company)
                )[:2]
            )
            if len(named) == 1:
                return {"party": named[0]}
    return {}


def _from_address() -> str:
    sender = settings.DEFAULT_FROM_EMAIL
    return sender[sender.find("<") + 1 : sender.rfind(">")] if "<" in sender else sender
