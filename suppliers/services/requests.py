"""Requests the buyer addresses to a supplier: raise, respond (the supplier, through the
portal), return with a comment, close. The response's file is checked like a certificate's
(by content, size-limited) and stored under the organisation's prefix with a random name.

New requests are for documents and information: a corrective action is asked of a supplier
as an 8D (``corrective_actions``), and the corrective action requests raised before the 8D
stay readable (their kind is kept) but no new one is raised (``NEW_KINDS``).

Reminders: the supplier's portal users a few days before the due date, the relationship
owner the day after it; both stop once the supplier has answered, and start again when the
buyer returns the request.
"""

from __future__ import annotations

import secrets
from collections.abc import Container
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from relmgmt.audit.context import acting_as, audit_reason
from relmgmt.core.dates import organization_today
from relmgmt.core.scoping import org_scope
from relmgmt.core.validation import ensure_same_organization, validate
from relmgmt.notifications.services import scheduling
from relmgmt.policy import Role
from relmgmt.tenancy.models import Membership
from suppliers.models import Supplier, SupplierRequest
from suppliers.models.requests import AWAITING_SUPPLIER, RequestKind, RequestStatus
from suppliers.models.scorecards import ChangeCause
from suppliers.reminder_kinds import REQUEST_DUE_SOON, REQUEST_DUE_SOON_DAYS, REQUEST_OVERDUE
from suppliers.services.certificates import check_upload
from suppliers.services.scorecards import recompute as scorecard_recompute

if TYPE_CHECKING:
    from django.core.files.storage import Storage
    from django.core.files.uploadedfile import UploadedFile

    from relmgmt.accounts.models import User
    from relmgmt.tenancy.models import Organization

REQUEST_FIELDS = ("kind", "subject", "description", "internal_note", "due_date")
# The kinds a new request may have; corrective action requests are raised as 8Ds now.
NEW_KINDS = (RequestKind.DOCUMENT, RequestKind.INFORMATION)
CORRECTIVE_ACTION_IS_8D = (
    "A corrective action is asked of a supplier as an 8D: issue a supplier 8D (from the "
    "supplier's page, a nonconformity or a rejected delivery). Requests here are for "
    "documents and information."
)


def _apply(request: SupplierRequest, data: dict) -> None:
    for field in REQUEST_FIELDS:
        if field in data:
            setattr(request, field, data[field])
    request.subject = " ".join(str(request.subject or "").split())
    request.description = str(request.description or "").strip()
    request.internal_note = str(request.internal_note or "").strip()


def request_raise(
    *, organization: Organization, actor: User | None, supplier: Supplier, data: dict
) -> SupplierRequest:
    """Address a request to the supplier; its portal users see it at once."""
    ensure_same_organization(organization=organization, record=supplier, field="supplier")
    request = SupplierRequest(
        organization=organization, supplier=supplier, raised_by=actor, sent_at=timezone.now()
    )
    _apply(request, data)
    if request.kind == RequestKind.CORRECTIVE_ACTION:
        raise ValidationError({"kind": CORRECTIVE_ACTION_IS_8D})
    if request.due_date and request.due_date < organization_today(organization):
        raise ValidationError({"due_date": "The due date must not be in the past."})
    with org_scope(organization), transaction.atomic():
        validate(request)
        with acting_as(actor):
            request.save()
        schedule_request_reminders(organization=organization, request=request)
    return request


def _locked(organization: Organization, request: SupplierRequest) -> SupplierRequest:
    ensure_same_organization(organization=organization, record=request, field="request")
    return (
        SupplierRequest.objects.select_for_update(of=("self",))
        .select_related("supplier__party", "supplier__owner")
        .get(pk=request.pk)
    )


def _refuse_unless(request: SupplierRequest, allowed: Container[str], doing: str) -> None:
    if request.status not in allowed:
        raise ValidationError(
            {
                "status": f"A request that is {request.get_status_display().lower()} cannot be "
                f"{doing}."
            }
        )


def request_respond(
    *,
    organization: Organization,
    actor: User | None,
    request: SupplierRequest,
    response: str,
    upload: UploadedFile | None = None,
) -> SupplierRequest:
    """The supplier's answer, with an optional file (PDF, PNG or JPEG, checked by content).
    A new file replaces the one of an earlier answer."""
    response = str(response or "").strip()
    if not response:
        raise ValidationError({"response": "Write your response."})
    checked = check_upload(upload) if upload is not None else None
    stored = None
    storage = SupplierRequest._meta.get_field("response_file").storage
    try:
        with org_scope(organization), transaction.atomic():
            request = _locked(organization, request)
            _refuse_unless(request, AWAITING_SUPPLIER, "answered")
            old_file = request.response_file.name if checked else None
            now = timezone.now()
            request.response = response
            request.status = RequestStatus.RESPONDED
            request.responded_at = request.responded_at or now
            request.last_responded_at, request.responded_by = now, actor
            if checked is not None:
                request.response_file.save(
                    f"{secrets.token_urlsafe(16)}.{checked.extension}", upload, save=False
                )
                stored = request.response_file.name
                request.response_file_name = checked.name
                request.response_content_type = checked.content_type
                request.response_size = checked.size
            with acting_as(actor):
                request.save()
            if old_file:
                transaction.on_commit(lambda: _remove(storage, old_file))
            scheduling.reminders_cancel(
                organization=organization, record=request, reason="the supplier responded"
            )
            if request.kind == RequestKind.CORRECTIVE_ACTION:
                # Responsiveness on the scorecard counts the period the request was due in.
                scorecard_recompute.scorecards_recompute_for_facts(
                    organization=organization,
                    actor=actor,
                    facts=[(request.supplier_id, request.due_date)],
                    cause=ChangeCause.REQUEST_ANSWERED,
                )
    except BaseException:
        _remove(storage, stored)
        raise
    return request


def request_return(
    *,
    organization: Organization,
    actor: User | None,
    request: SupplierRequest,
    comment: str,
    due_date: date | None = None,
) -> SupplierRequest:
    """Send the response back to the supplier with what is missing (and a new due date)."""
    comment = str(comment or "").strip()
    if not comment:
        raise ValidationError({"comment": "Say what the supplier must add or change."})
    with org_scope(organization), transaction.atomic():
        request = _locked(organization, request)
        _refuse_unless(request, (RequestStatus.RESPONDED,), "returned")
        if due_date is not None:
            if due_date < organization_today(organization):
                raise ValidationError({"due_date": "The due date must not be in the past."})
            request.due_date = due_date
        request.status = RequestStatus.RETURNED
        request.return_comment, request.returned_at = comment, timezone.now()
        with acting_as(actor), audit_reason(comment):
            request.save()
        schedule_request_reminders(organization=organization, request=request)
    return request


def request_close(
    *, organization: Organization, actor: User | None, request: SupplierRequest, reason: str = ""
) -> SupplierRequest:
    """Close the request (answered well enough, or no longer needed)."""
    with org_scope(organization), transaction.atomic():
        request = _locked(organization, request)
        _refuse_unless(request, [s for s in RequestStatus if s != RequestStatus.CLOSED], "closed")
        request.status = RequestStatus.CLOSED
        request.closed_by, request.closed_at = actor, timezone.now()
        with acting_as(actor), audit_reason(str(reason or "").strip()):
            request.save()
        scheduling.reminders_cancel(
            organization=organization, record=request, reason="the request is closed"
        )
    return request


def _remove(storage: Storage, name: str) -> None:
    if name and storage.exists(name):
        storage.delete(name)


def portal_users(organization: Organization, supplier: Supplier) -> list:
    memberships = (
        Membership.objects.filter(organization=organization, supplier=supplier, role=Role.SUPPLIER)
        .active()
        .select_related("user")
    )
    return [membership.user for membership in memberships]


def schedule_request_reminders(*, organization: Organization, request: SupplierRequest) -> None:
    """The due-soon reminder to the portal users (linking to the portal) and the overdue one
    to the owner (linking to the buyer's page); cancelled once the supplier has answered."""
    if request.status not in AWAITING_SUPPLIER:
        scheduling.reminders_cancel(
            organization=organization, record=request, reason="the supplier answered"
        )
        return
    today = organization_today(organization)
    slug = organization.slug
    scheduling.reminder_schedule(
        organization=organization,
        kind=REQUEST_DUE_SOON.key,
        record=request,
        due_date=request.due_date,
        send_on=max(today, request.due_date - timedelta(days=REQUEST_DUE_SOON_DAYS)),
        recipients=portal_users(organization, request.supplier),
        url=reverse("portal:request_detail", kwargs={"org_slug": slug, "pk": request.pk}),
    )
    owner = request.supplier.owner
    scheduling.reminder_schedule(
        organization=organization,
        kind=REQUEST_OVERDUE.key,
        record=request,
        due_date=request.due_date,
        send_on=max(today, request.due_date + timedelta(days=1)),
        recipients=[owner] if owner else [],
        url=reverse("suppliers:request_detail", kwargs={"org_slug": slug, "pk": request.pk}),
    )


def reschedule_supplier(*, organization: Organization, supplier: Supplier) -> None:
    """After the supplier's owner changes: the reminders of its open requests follow."""
    with org_scope(organization):
        for request in SupplierRequest.objects.filter(
            supplier=supplier, status__in=AWAITING_SUPPLIER
        ).select_related("supplier__owner"):
            schedule_request_reminders(organization=organization, request=request)
