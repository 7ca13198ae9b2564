"""What the supplier portal adds to the register. Changes of its contacts and address that a
supplier proposes through the portal, and the buyer's decision: an accepted proposal is
applied through the parties services (audited, with the proposal named as the reason); a
rejected one keeps its reason for the supplier.

When a supplier's portal users change (one joins, leaves, or is moved to another supplier
or role), the reminders addressed to that supplier's portal users follow: certificate
expiry warnings, questionnaires' due reminders and requests' due-soon reminders go to the
users it has now, and stop going to those it no longer has (``portal_users_changed``,
called by the membership services, in their transaction)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from parties.models import Contact, Party
from parties.services import contacts as contact_services
from parties.services import register as party_services
from relmgmt.audit.context import acting_as, audit_reason
from relmgmt.core.scoping import org_scope
from relmgmt.core.validation import ensure_same_organization
from suppliers.models import ProfileChange, Supplier
from suppliers.models.portal import (
    ADDRESS_PROPOSAL_FIELDS,
    CONTACT_PROPOSAL_FIELDS,
    ProfileChangeKind,
    ProfileChangeStatus,
)
from suppliers.services import certificates
from suppliers.services import requests as request_services
from suppliers.services.questionnaires import sent as questionnaire_services

if TYPE_CHECKING:
    from relmgmt.accounts.models import User
    from relmgmt.tenancy.models import Organization

FIELDS = {
    ProfileChangeKind.CONTACT_ADD: CONTACT_PROPOSAL_FIELDS,
    ProfileChangeKind.CONTACT_CHANGE: CONTACT_PROPOSAL_FIELDS,
    ProfileChangeKind.ADDRESS: ADDRESS_PROPOSAL_FIELDS,
}


def _clean(kind: str, data: dict) -> dict:
    proposed = {}
    for field in FIELDS[kind]:
        value = str(data.get(field) or "")
        proposed[field] = value.strip() if field == "address" else " ".join(value.split())
    if kind == ProfileChangeKind.ADDRESS:
        if not proposed["address"]:
            raise ValidationError({"address": "Give the new address."})
        return proposed
    if not proposed["name"]:
        raise ValidationError({"name": "Give the contact's name."})
    # The contact model's own checks (email format, lengths), without saving anything.
    probe = Contact(**proposed)
    probe.full_clean(exclude=["organization", "party", "preferred_channel"], validate_unique=False)
    return proposed


def _current(kind: str, supplier: Supplier, contact: Contact | None) -> dict:
    if kind == ProfileChangeKind.ADDRESS:
        return {"address": supplier.party.address}
    if contact is None:
        return {}
    return {field: getattr(contact, field) for field in CONTACT_PROPOSAL_FIELDS}


def profile_change_propose(
    *,
    organization: Organization,
    actor: User | None,
    supplier: Supplier,
    kind: str,
    data: dict,
    contact: Contact | None = None,
    comment: str = "",
) -> ProfileChange:
    """Record the supplier's proposal; nothing of the profile changes until it is accepted."""
    ensure_same_organization(organization=organization, record=supplier, field="supplier")
    if kind not in FIELDS:
        raise ValidationError({"kind": "Choose what the proposal changes."})
    if kind == ProfileChangeKind.CONTACT_CHANGE:
        if contact is None or contact.party_id != supplier.party_id or contact.erased_at:
            raise ValidationError({"contact": "Choose one of your contacts."})
        ensure_same_organization(organization=organization, record=contact, field="contact")
    else:
        contact = None
    proposed = _clean(kind, data)
    if proposed == _current(kind, supplier, contact):
        raise ValidationError("The proposal changes nothing.")
    change = ProfileChange(
        organization=organization,
        supplier=supplier,
        kind=kind,
        contact=contact,
        proposed=proposed,
        comment=str(comment or "").strip(),
        proposed_by=actor,
    )
    with org_scope(organization), transaction.atomic():
        change.full_clean(exclude=["organization", "proposed_by"], validate_unique=False)
        with acting_as(actor):
            change.save()
    return change


def _pending(organization: Organization, change: ProfileChange) -> ProfileChange:
    ensure_same_organization(organization=organization, record=change, field="change")
    change = (
        ProfileChange.objects.select_for_update(of=("self",))
        .select_related("supplier__party", "contact")
        .get(pk=change.pk)
    )
    if change.status != ProfileChangeStatus.PENDING:
        raise ValidationError(
            {"status": f"This proposal is {change.get_status_display().lower()} already."}
        )
    return change


def profile_change_accept(
    *, organization: Organization, actor: User | None, change: ProfileChange
) -> ProfileChange:
    """Apply the proposal to the party's contacts or address, then mark it accepted."""
    with org_scope(organization), transaction.atomic():
        change = _pending(organization, change)
        reason = f"Proposed by the supplier through the portal (proposal {change.pk})"
        party = Party.objects.get(pk=change.supplier.party_id)
        if change.kind == ProfileChangeKind.ADDRESS:
            party_services.party_update(
                organization=organization,
                actor=actor,
                party=party,
                data={"address": change.proposed["address"]},
                reason=reason,
            )
        elif change.kind == ProfileChangeKind.CONTACT_ADD:
            contact_services.contact_create(
                organization=organization,
                actor=actor,
                party=party,
                data=dict(change.proposed),
                reason=reason,
            )
        else:
            contact_services.contact_update(
                organization=organization,
                actor=actor,
                contact=change.contact,
                data=dict(change.proposed),
                reason=reason,
            )
        change.status = ProfileChangeStatus.ACCEPTED
        change.decided_by, change.decided_at = actor, timezone.now()
        with acting_as(actor):
            change.save()
    return change


def profile_change_reject(
    *, organization: Organization, actor: User | None, change: ProfileChange, reason: str
) -> ProfileChange:
    reason = " ".join(str(reason or "").split())
    if not reason:
        raise ValidationError({"reason": "Say why the proposal is rejected."})
    with org_scope(organization), transaction.atomic():
        change = _pending(organization, change)
        change.status = ProfileChangeStatus.REJECTED
        change.rejection_reason = reason
        change.decided_by, change.decided_at = actor, timezone.now()
        with acting_as(actor), audit_reason(reason):
            change.save()
    return change


# --- When a supplier's portal users change -----------------------------------------------


def portal_users_changed(*, organization: Organization, supplier_ids: Iterable[int]) -> None:
    ids = {supplier_id for supplier_id in supplier_ids if supplier_id is not None}
    if not ids:
        return
    with org_scope(organization):
        suppliers = list(Supplier.objects.filter(organization=organization, pk__in=ids))
    for supplier in suppliers:
        certificates.reschedule_supplier(organization=organization, supplier=supplier)
        questionnaire_services.reschedule_supplier(organization=organization, supplier=supplier)
        request_services.reschedule_supplier(organization=organization, supplier=supplier)
