"""Nonconformities' writes (ISO 9001 8.7): record one (by hand, or in one click from a
rejected delivery), change its details, add evidence files, and move it through its states.

``nonconformity_transition`` is the one place that knows the allowed moves
(``TRANSITIONS``): propose a disposition, approve it (signed with the password, by a person
with the authority the organisation's settings give), return it, close, cancel. A move the
state does not allow is refused with the allowed ones named; nothing is half-saved.
"""

from __future__ import annotations

from copy import copy
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from corrective_actions import organization_settings
from corrective_actions.models import Nonconformity, NonconformityAttachment, NonconformityEvent
from corrective_actions.models.common import Category
from corrective_actions.models.nonconformities import Disposition, NcState, Source
from corrective_actions.services.common import (
    Transition,
    allowed,
    check_uploads,
    long_text,
    next_number,
    refuse_transition,
    remove_files,
    role_of,
    store_files,
    text,
    year_of,
)
from relmgmt.audit.context import acting_as, audit_reason
from relmgmt.audit.services import signature_create, signature_is_current
from relmgmt.core.scoping import org_scope
from relmgmt.core.validation import ensure_same_organization
from relmgmt.policy import Role
from relmgmt.tenancy.services import ensure_owner

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from relmgmt.accounts.models import User
    from relmgmt.tenancy.models import Organization
    from suppliers.models import Delivery

S = NcState
DETAIL_FIELDS = (
    "source",
    "category",
    "severity",
    "title",
    "description",
    "location",
    "occurred_on",
    "quantity_affected",
    "party",
    "supplier",
    "delivery",
    "complaint",
    "owner",
    "containment",
)
RELATED = ("party", "supplier", "delivery", "complaint", "owner")
LONG = {"description": "description", "containment": "containment"}

TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition(
            "propose_disposition",
            "Propose the disposition",
            (S.OPEN,),
            S.DISPOSITION_PROPOSED,
        ),
        Transition(
            "approve_disposition",
            "Approve the disposition (signed)",
            (S.DISPOSITION_PROPOSED,),
            S.DISPOSITIONED,
        ),
        Transition(
            "return_disposition",
            "Return the disposition",
            (S.DISPOSITION_PROPOSED,),
            S.OPEN,
            "Say why the disposition is returned.",
        ),
        Transition("close", "Close", (S.DISPOSITIONED,), S.CLOSED),
        Transition(
            "cancel",
            "Cancel",
            (S.OPEN, S.DISPOSITION_PROPOSED),
            S.CANCELLED,
            "Say why the nonconformity is cancelled.",
        ),
    )
}


def allowed_actions(state: str) -> list[Transition]:
    return allowed(TRANSITIONS, state)


# --- Details ----------------------------------------------------------------------------


def _apply(organization: Organization, record: Nonconformity, data: dict) -> None:
    for field in DETAIL_FIELDS:
        if field not in data:
            continue
        value = data[field]
        if field in LONG:
            value = long_text(field, value, LONG[field])
        elif field not in RELATED and field not in ("occurred_on", "quantity_affected"):
            value = text(value)
        setattr(record, field, value)
    for field in ("party", "supplier", "delivery", "complaint"):
        ensure_same_organization(
            organization=organization, record=getattr(record, field), field=field
        )
    if record.owner_id:
        ensure_owner(organization=organization, user=record.owner, field="owner")
    if record.delivery is not None:
        if record.supplier_id and record.supplier_id != record.delivery.supplier_id:
            raise ValidationError(
                {"delivery": "Choose a delivery of the nonconformity's supplier."}
            )
        record.supplier = record.delivery.supplier
    if record.supplier is not None and not record.party_id:
        record.party = record.supplier.party
    if record.complaint is not None and not record.party_id and record.complaint.party_id:
        record.party = record.complaint.party
    if record.quantity_affected is not None and record.quantity_affected < 0:
        raise ValidationError({"quantity_affected": "The quantity cannot be negative."})
    if record.occurred_on is None:
        raise ValidationError({"occurred_on": "Give the date it was found."})


def _validate(record: Nonconformity) -> None:
    record.full_clean(exclude=["organization", *RELATED], validate_unique=False)


def nonconformity_create(
    *,
    organization: Organization,
    actor: User | None,
    data: dict,
    uploads: list[UploadedFile] | None = None,
    opened_at: datetime | None = None,
) -> Nonconformity:
    """Record a nonconformity, numbered ``NC-<year>-<nnnn>`` in the organisation, open."""
    uploads = list(uploads or [])
    record = Nonconformity(organization=organization)
    with org_scope(organization):
        _apply(organization, record, data)
    record.opened_at = opened_at or timezone.now()
    record.year = year_of(organization, record.opened_at)
    record.number = 0
    record.reference = "NC-new"
    _validate(record)
    checked = check_uploads(uploads)
    stored: list[NonconformityAttachment] = []
    try:
        with org_scope(organization), transaction.atomic(), acting_as(actor):
            record.number = next_number(organization, Nonconformity, record.year)
            record.reference = f"NC-{record.year}-{record.number:04d}"
            record.save()
            _event(organization, record, "", S.OPEN, actor, record.opened_at, "Recorded.")
            _store(organization, record, uploads, checked, stored)
    except BaseException:
        remove_files(stored)
        raise
    return record


def delivery_rejection_data(delivery: Delivery) -> dict[str, Any]:
    """What a nonconformity opened from a rejected delivery starts with."""
    reason = (delivery.rejection_reason or "").strip()
    return {
        "source": Source.DELIVERY_REJECTION,
        "category": Category.PRODUCT,
        "title": f"Rejected at receipt: {delivery.item}"[:200],
        "description": reason or "Rejected at goods receipt.",
        "location": "Goods receipt",
        "occurred_on": delivery.received_date,
        "quantity_affected": delivery.quantity_rejected,
        "supplier": delivery.supplier,
        "delivery": delivery,
    }


def nonconformity_from_delivery(
    *, organization: Organization, actor: User | None, delivery: Delivery, data: dict | None = None
) -> Nonconformity:
    """Open the nonconformity of a rejected delivery (one click): its supplier, item,
    quantity rejected and reason. A delivery with nothing rejected, or whose nonconformity
    is already open, is refused with the reason."""
    ensure_same_organization(organization=organization, record=delivery, field="delivery")
    if not delivery.quantity_rejected:
        raise ValidationError(
            {"delivery": "Nothing of this delivery was rejected: record the rejection first."}
        )
    with org_scope(organization):
        existing = (
            Nonconformity.objects.filter(organization=organization, delivery=delivery)
            .exclude(state=S.CANCELLED)
            .first()
        )
    if existing is not None:
        raise ValidationError(
            {"delivery": f"The delivery's nonconformity is {existing.reference} already."}
        )
    return nonconformity_create(
        organization=organization,
        actor=actor,
        data={**delivery_rejection_data(delivery), **(data or {})},
    )


def nonconformity_update(
    *,
    organization: Organization,
    actor: User | None,
    nonconformity: Nonconformity,
    data: dict,
    reason: str = "",
) -> Nonconformity:
    """Change a nonconformity's details; a closed or cancelled one is kept as it was."""
    ensure_same_organization(organization=organization, record=nonconformity, field="nonconformity")
    with org_scope(organization), transaction.atomic():
        record = Nonconformity.objects.select_for_update().get(pk=nonconformity.pk)
        if record.state in (S.CLOSED, S.CANCELLED):
            raise ValidationError(
                f"A {record.get_state_display().lower()} nonconformity cannot be changed."
            )
        _apply(organization, record, data)
        _validate(record)
        with acting_as(actor), audit_reason(reason):
            record.save()
    return record


def _store(
    organization: Organization,
    record: Nonconformity,
    uploads: list[UploadedFile],
    checked: list,
    stored: list,
) -> None:
    store_files(
        lambda check: NonconformityAttachment(
            organization=organization,
            nonconformity=record,
            original_name=check.name,
            content_type=check.content_type,
            size=check.size,
        ),
        uploads,
        checked,
        stored,
    )


def attachment_add(
    *,
    organization: Organization,
    actor: User | None,
    nonconformity: Nonconformity,
    uploads: list[UploadedFile],
) -> list[NonconformityAttachment]:
    """Add evidence files, checked by their content (PDF, PNG, JPEG; at most five)."""
    ensure_same_organization(organization=organization, record=nonconformity, field="nonconformity")
    if not uploads:
        raise ValidationError({"attachments": "Choose a file."})
    stored: list[NonconformityAttachment] = []
    try:
        with org_scope(organization), transaction.atomic(), acting_as(actor):
            existing = NonconformityAttachment.objects.filter(nonconformity=nonconformity).count()
            checked = check_uploads(uploads, existing)
            _store(organization, nonconformity, uploads, checked, stored)
    except BaseException:
        remove_files(stored)
        raise
    return stored


# --- Transitions ------------------------------------------------------------------------


def may_approve_disposition(organization: Organization, user: User | None) -> bool:
    """The organisation's setting names who has the authority: admins only, or admins and
    quality managers. Auditors and portal users never have it."""
    role = role_of(organization, user)
    approvers = organization_settings.current(organization)["disposition_approvers"]
    if approvers == organization_settings.APPROVERS_ADMINS:
        return role == Role.ADMIN
    return role in (Role.ADMIN, Role.MANAGER)


def nonconformity_transition(
    *,
    organization: Organization,
    actor: User | None,
    nonconformity: Nonconformity,
    action: str,
    note: str = "",
    disposition: str = "",
    customer_authorisation: str = "",
    password: str = "",
    at: datetime | None = None,
) -> Nonconformity:
    """Move a nonconformity by ``action``. Proposing names the disposition (a concession
    names the customer's authorisation); approving is signed with the password by a person
    with the authority."""
    ensure_same_organization(organization=organization, record=nonconformity, field="nonconformity")
    note = long_text("note", note, "note")
    at = at or timezone.now()
    with org_scope(organization), transaction.atomic():
        record = Nonconformity.objects.select_for_update().get(pk=nonconformity.pk)
        chosen = TRANSITIONS.get(action)
        if chosen is None or record.state not in chosen.sources:
            raise refuse_transition(
                TRANSITIONS, "nonconformity", record.get_state_display(), record.state, action
            )
        if chosen.note_required and not note:
            raise ValidationError({"note": chosen.note_required})
        source = record.state
        signed = False
        if action == "propose_disposition":
            _propose(record, actor, disposition, customer_authorisation, note)
        elif action == "approve_disposition":
            if not may_approve_disposition(organization, actor):
                raise PermissionDenied(
                    "You have no authority to approve a disposition: the organisation's "
                    "settings give it to "
                    + dict(organization_settings.APPROVER_CHOICES)[
                        organization_settings.current(organization)["disposition_approvers"]
                    ].lower()
                    + "."
                )
            if not password:
                raise ValidationError(
                    {"password": "Sign with your password: the disposition is signed."}
                )
            record.disposition_approved_by = actor
            record.disposition_approved_at = at
            signed = True
        elif action == "return_disposition":
            record.disposition_approved_by = None
        elif action in ("close", "cancel"):
            record.closed_at = at
        record.state = chosen.target
        with acting_as(actor), audit_reason(note[:500]):
            record.save()
            _event(organization, record, source, record.state, actor, at, note)
        if signed:
            # A wrong password raises here and the whole move rolls back.
            signature = signature_create(
                organization=organization,
                signer=actor,  # type: ignore[arg-type]
                password=password,
                record=record,
                meaning=f"Approved the disposition of {record.reference}: "
                f"{record.get_disposition_display().lower()}",
            )
            with acting_as(actor):
                record.disposition_signature = signature
                record.save()
    return record


def _propose(
    record: Nonconformity,
    actor: User | None,
    disposition: str,
    customer_authorisation: str,
    note: str,
) -> None:
    if disposition not in Disposition.values:
        raise ValidationError(
            {"disposition": f"Choose the disposition: {', '.join(Disposition.values)}."}
        )
    authorisation = text(customer_authorisation)[:300]
    if disposition == Disposition.CONCESSION and not authorisation:
        raise ValidationError(
            {
                "customer_authorisation": "A concession needs the customer's authorisation: "
                "say who authorised it and the reference."
            }
        )
    if disposition == Disposition.RETURN_TO_SUPPLIER and not record.supplier_id:
        raise ValidationError(
            {"disposition": "Name the supplier before returning the goods to them."}
        )
    record.disposition = disposition
    record.customer_authorisation = authorisation if disposition == Disposition.CONCESSION else ""
    record.disposition_note = note
    record.disposition_proposed_by = actor


def disposition_signature_is_current(record: Nonconformity) -> bool | None:
    """None when unsigned; else whether the nonconformity is unchanged since the signature."""
    if record.disposition_signature is None:
        return None
    signed = copy(record)
    signed.disposition_signature_id = None
    return signature_is_current(record.disposition_signature, signed)


def _event(
    organization: Organization,
    record: Nonconformity,
    from_state: str,
    to_state: str,
    actor: User | None,
    at: datetime,
    note: str,
) -> None:
    NonconformityEvent.objects.create(
        organization=organization,
        nonconformity=record,
        from_state=from_state,
        to_state=to_state,
        at=at,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        note=note,
    )
