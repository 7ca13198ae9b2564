"""Suppliers' certificates and documents: add, change, delete, and the expiry warnings; the
supplier's uploads through the portal and the buyer's decision on them.

An uploaded file is checked by its content, not its name: PDF, PNG or JPEG only, not empty,
not over ``RELMGMT_CERTIFICATE_MAX_BYTES``, and its content must be what its name says.
It is stored under ``<organisation id>/suppliers/<supplier id>/certificates/`` with a random
name. A refused or failed write leaves nothing behind, neither a row nor a file.

Members' uploads are accepted at once. A portal upload is checked like any other and
recorded as PENDING: it counts for nothing (no flag cleared, no expiry warning, replaces
nothing) until a member accepts it. A rejection keeps the row and its reason, so the
supplier sees why.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from relmgmt.audit.context import acting_as, audit_reason
from relmgmt.core.dates import organization_today
from relmgmt.core.files import clean_file_name, megabytes
from relmgmt.core.scoping import org_scope
from relmgmt.core.validation import ensure_same_organization
from relmgmt.notifications.services import scheduling
from relmgmt.policy import Role
from relmgmt.tenancy.models import Membership
from suppliers.models import Certificate, Supplier
from suppliers.models.certificates import CertificateStatus
from suppliers.reminder_kinds import CERTIFICATE_EXPIRING, CERTIFICATE_WARNING_DAYS
from suppliers.selectors.certificates import certificate_is_replaced

if TYPE_CHECKING:
    from django.core.files.storage import Storage
    from django.core.files.uploadedfile import UploadedFile

    from relmgmt.accounts.models import User
    from relmgmt.tenancy.models import Organization

CERTIFICATE_FIELDS = ("type", "issuer", "number", "valid_from", "valid_to")

# What may be uploaded: the extension a name may have -> the content it must have.
EXTENSIONS = {"pdf": "pdf", "png": "png", "jpg": "jpg", "jpeg": "jpg"}
CONTENT = {
    "pdf": ("application/pdf", "a PDF"),
    "png": ("image/png", "a PNG image"),
    "jpg": ("image/jpeg", "a JPEG image"),
}
ALLOWED_TEXT = "a PDF, PNG or JPEG file (.pdf, .png, .jpg)"
HEAD_BYTES = 8192


@dataclass(frozen=True)
class CheckedFile:
    name: str  # the user's file name, cleaned (kept for the download only)
    extension: str  # of the content: pdf, png, jpg
    content_type: str
    size: int


def max_bytes() -> int:
    return settings.RELMGMT_CERTIFICATE_MAX_BYTES


def check_upload(upload: UploadedFile) -> CheckedFile:
    """Refuse a file that is missing, empty, too large, not a PDF, PNG or JPEG, or whose
    content is not what its name says. Raises ValidationError on ``file``."""
    if upload is None:
        raise ValidationError({"file": "Choose the certificate's file."})
    name = clean_file_name(getattr(upload, "name", ""))
    size = upload.size
    if not size:
        raise ValidationError({"file": "The file is empty."})
    if size > max_bytes():
        raise ValidationError(
            {"file": f"The file is {megabytes(size)} MB; the limit is {megabytes(max_bytes())} MB."}
        )
    claimed = EXTENSIONS.get(name.rpartition(".")[2].lower()) if "." in name else None
    if claimed is None:
        raise ValidationError({"file": f"Upload {ALLOWED_TEXT}."})
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    kind = filetype.guess(head)
    found = EXTENSIONS.get(kind.extension) if kind is not None else None
    if found != claimed:
        what = f"is {CONTENT[found][1]}" if found else "is not a PDF, PNG or JPEG"
        raise ValidationError(
            {"file": f"This file is not {CONTENT[claimed][1]}: its content {what}."}
        )
    return CheckedFile(name=name, extension=found, content_type=CONTENT[found][0], size=size)


def _apply(certificate: Certificate, data: dict) -> None:
    for field in CERTIFICATE_FIELDS:
        if field in data:
            value = data[field]
            if field in ("issuer", "number"):
                value = " ".join(str(value or "").split())
            setattr(certificate, field, value)


def _validate(certificate: Certificate) -> None:
    certificate.full_clean(exclude=["organization", "supplier", "file"], validate_unique=False)


def _store(certificate: Certificate, upload: UploadedFile, checked: CheckedFile) -> str:
    """Write the file under its random name; returns the stored name."""
    certificate.original_name = checked.name or f"certificate.{checked.extension}"
    certificate.content_type = checked.content_type
    certificate.size = checked.size
    certificate.file.save(f"{secrets.token_urlsafe(16)}.{checked.extension}", upload, save=False)
    return certificate.file.name


def _remove_file(storage: Storage, name: str | None) -> None:
    if name and storage.exists(name):
        storage.delete(name)


def archived_name(name: str) -> str:
    """Where a deleted certificate's file is kept as evidence: under the organisation's
    prefix, in ``archive/``, at the path it had (which its audit events name)."""
    organization_prefix, _slash, rest = name.partition("/")
    return f"{organization_prefix}/archive/{rest}"


def _archive_file(storage: Storage, name: str | None) -> None:
    if not name or not storage.exists(name):
        return
    with storage.open(name, "rb") as original:
        storage.save(archived_name(name), original)
    storage.delete(name)


def certificate_create(
    *,
    organization: Organization,
    actor: User | None,
    supplier: Supplier,
    data: dict,
    upload: UploadedFile,
    status: str = CertificateStatus.ACCEPTED,
) -> Certificate:
    """Add a certificate with its file. A member's upload is accepted at once."""
    ensure_same_organization(organization=organization, record=supplier, field="supplier")
    certificate = Certificate(organization=organization, supplier=supplier, status=status)
    certificate.uploaded_by = actor if getattr(actor, "is_authenticated", False) else None
    if status == CertificateStatus.ACCEPTED:
        certificate.accepted_by = certificate.uploaded_by
        certificate.accepted_at = timezone.now()
    _apply(certificate, data)
    checked = check_upload(upload)
    certificate.original_name, certificate.content_type = checked.name, checked.content_type
    certificate.size = checked.size
    _validate(certificate)
    stored = None
    try:
        with org_scope(organization), transaction.atomic():
            stored = _store(certificate, upload, checked)
            with acting_as(actor):
                certificate.save()
            _reschedule_type(organization, supplier, certificate.type)
    except BaseException:
        _remove_file(certificate.file.storage, stored)
        raise
    return certificate


def certificate_update(
    *,
    organization: Organization,
    actor: User | None,
    certificate: Certificate,
    data: dict,
    upload: UploadedFile | None = None,
    reason: str = "",
) -> Certificate:
    """Change a certificate's details, and its file when ``upload`` is given (the old file
    is removed once the change is committed)."""
    ensure_same_organization(organization=organization, record=certificate, field="certificate")
    checked = check_upload(upload) if upload is not None else None
    stored = None
    try:
        with org_scope(organization), transaction.atomic():
            certificate = (
                Certificate.objects.select_for_update()
                .select_related("supplier")
                .get(pk=certificate.pk)
            )
            old_type, old_file = certificate.type, certificate.file.name
            _apply(certificate, data)
            _validate(certificate)
            if checked is not None:
                stored = _store(certificate, upload, checked)
            with acting_as(actor), audit_reason(reason):
                certificate.save()
            if stored:
                storage = certificate.file.storage
                transaction.on_commit(lambda: _remove_file(storage, old_file))
            for kind in {old_type, certificate.type}:
                _reschedule_type(organization, certificate.supplier, kind)
    except BaseException:
        _remove_file(certificate.file.storage, stored)
        raise
    return certificate


def certificate_delete(
    *, organization: Organization, actor: User | None, certificate: Certificate, reason: str
) -> None:
    """Delete a certificate; once committed, its file is archived (kept as evidence, out of
    the certificates' folder; see ``archived_name``); the reason is kept in the trail. Its
    warnings are cancelled, and older certificates it replaced are warned of again."""
    ensure_same_organization(organization=organization, record=certificate, field="certificate")
    reason = " ".join(str(reason or "").split())
    if not reason:
        raise ValidationError({"reason": "Say why the certificate is deleted."})
    with org_scope(organization), transaction.atomic():
        certificate = (
            Certificate.objects.select_for_update()
            .select_related("supplier")
            .get(pk=certificate.pk)
        )
        scheduling.reminders_cancel(
            organization=organization, record=certificate, reason="the certificate was deleted"
        )
        storage, name = certificate.file.storage, certificate.file.name
        with acting_as(actor), audit_reason(reason):
            certificate.delete()
        transaction.on_commit(lambda: _archive_file(storage, name))
        _reschedule_type(organization, certificate.supplier, certificate.type)


# --- Expiry warnings -----------------------------------------------------------------------


def _reschedule_type(organization: Organization, supplier: Supplier, kind: str) -> None:
    """Warnings of every certificate of one supplier and type: a new, changed or deleted one
    may replace an older one, or stop replacing it."""
    today = organization_today(organization)
    for certificate in Certificate.objects.filter(supplier=supplier, type=kind).select_related(
        "supplier"
    ):
        schedule_expiry_warnings(organization=organization, certificate=certificate, today=today)


def reschedule_supplier(*, organization: Organization, supplier: Supplier) -> None:
    """After the supplier's owner or portal users change: the warnings go to the new ones."""
    today = organization_today(organization)
    with org_scope(organization):
        for certificate in Certificate.objects.filter(supplier=supplier).select_related("supplier"):
            schedule_expiry_warnings(
                organization=organization, certificate=certificate, today=today
            )


def warning_recipients(organization: Organization, supplier: Supplier) -> list:
    """The supplier's relationship owner and its portal users."""
    people = [supplier.owner] if supplier.owner_id else []
    portal = (
        Membership.objects.filter(organization=organization, supplier=supplier, role=Role.SUPPLIER)
        .active()
        .select_related("user")
    )
    return people + [membership.user for membership in portal]


def schedule_expiry_warnings(
    *, organization: Organization, certificate: Certificate, today: date
) -> None:
    """Warnings 60, 30 and 7 days before the certificate ends, at 08:00 on those days.

    A warning whose day has passed is not sent, except the most urgent one, which goes out
    today (a certificate recorded 20 days before it ends gets the 30-day warning now and
    the 7-day one later). None for an expired, replaced or not yet accepted certificate."""
    reason = None
    if certificate.status != CertificateStatus.ACCEPTED:
        reason = "the certificate is not accepted"
    elif certificate.valid_to < today:
        reason = "the certificate has expired"
    elif certificate_is_replaced(certificate):
        reason = "a newer certificate replaces it"
    if reason:
        for days in CERTIFICATE_WARNING_DAYS:
            scheduling.reminders_cancel(
                organization=organization,
                record=certificate,
                kind=CERTIFICATE_EXPIRING[days].key,
                reason=reason,
            )
        return
    days_left = (certificate.valid_to - today).days
    due_now = [days for days in CERTIFICATE_WARNING_DAYS if days >= days_left]
    most_urgent = min(due_now) if due_now else None
    recipients = warning_recipients(organization, certificate.supplier)
    url = (
        reverse(
            "suppliers:supplier_detail",
            kwargs={"org_slug": organization.slug, "pk": certificate.supplier_id},
        )
        + "#certificates"
    )
    for days in CERTIFICATE_WARNING_DAYS:
        kind = CERTIFICATE_EXPIRING[days].key
        if days < days_left or days == most_urgent:
            scheduling.reminder_schedule(
                organization=organization,
                kind=kind,
                record=certificate,
                due_date=certificate.valid_to,
                send_on=max(today, certificate.valid_to - timedelta(days=days)),
                recipients=recipients,
                url=url,
            )
        else:
            scheduling.reminders_cancel(
                organization=organization,
                record=certificate,
                kind=kind,
                reason="its day had passed when the certificate was recorded",
            )


# --- Uploads through the portal, and the buyer's decision --------------------------------


def certificate_upload_by_supplier(
    *,
    organization: Organization,
    actor: User | None,
    supplier: Supplier,
    data: dict,
    upload: UploadedFile,
) -> Certificate:
    """The supplier's own upload: waits for the buyer's acceptance."""
    return certificate_create(
        organization=organization,
        actor=actor,
        supplier=supplier,
        data=data,
        upload=upload,
        status=CertificateStatus.PENDING,
    )


def _pending(organization: Organization, certificate: Certificate) -> Certificate:
    ensure_same_organization(organization=organization, record=certificate, field="certificate")
    certificate = (
        Certificate.objects.select_for_update(of=("self",))
        .select_related("supplier")
        .get(pk=certificate.pk)
    )
    if certificate.status != CertificateStatus.PENDING:
        raise ValidationError(
            {"status": f"This certificate is {certificate.get_status_display().lower()} already."}
        )
    return certificate


def certificate_accept(
    *, organization: Organization, actor: User | None, certificate: Certificate
) -> Certificate:
    """Accept a supplier's upload: from now on it counts, and its warnings are scheduled."""
    with org_scope(organization), transaction.atomic():
        certificate = _pending(organization, certificate)
        certificate.status = CertificateStatus.ACCEPTED
        certificate.accepted_by, certificate.accepted_at = actor, timezone.now()
        with acting_as(actor):
            certificate.save()
        _reschedule_type(organization, certificate.supplier, certificate.type)
    return certificate


def certificate_reject(
    *, organization: Organization, actor: User | None, certificate: Certificate, reason: str
) -> Certificate:
    """Reject a supplier's upload with the reason the supplier reads in the portal."""
    reason = " ".join(str(reason or "").split())
    if not reason:
        raise ValidationError({"reason": "Say why the certificate is rejected."})
    with org_scope(organization), transaction.atomic():
        certificate = _pending(organization, certificate)
        certificate.status = CertificateStatus.REJECTED
        certificate.rejection_reason = reason
        with acting_as(actor), audit_reason(reason):
            certificate.save()
    return certificate
