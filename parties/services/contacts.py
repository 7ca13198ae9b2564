"""Contacts of a party: their details, their consent to be contacted, and their erasure on
request (GDPR): the personal fields are blanked in the record and redacted in its history."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from parties.models import Contact, Party
from relmgmt.audit.context import acting_as, audit_reason
from relmgmt.audit.redaction import redact_history
from relmgmt.core import extensions
from relmgmt.core.scoping import org_scope
from relmgmt.core.validation import ensure_same_organization, validate

if TYPE_CHECKING:
    from relmgmt.accounts.models import User
    from relmgmt.tenancy.models import Organization

CONTACT_FIELDS = ("name", "job_title", "email", "phone", "preferred_channel")
ERASED_NAME = "Erased contact"


def contact_create(
    *, organization: Organization, actor: User | None, party: Party, data: dict, reason: str = ""
) -> Contact:
    ensure_same_organization(organization=organization, record=party, field="party")
    contact = Contact(organization=organization, party=party)
    return _save(organization, actor, contact, data, reason=reason)


def contact_update(
    *,
    organization: Organization,
    actor: User | None,
    contact: Contact,
    data: dict,
    reason: str = "",
) -> Contact:
    ensure_same_organization(organization=organization, record=contact, field="contact")
    with org_scope(organization), transaction.atomic():
        contact = Contact.objects.select_for_update().get(pk=contact.pk)
        _ensure_not_erased(contact)
        return _save(organization, actor, contact, data, reason=reason)


def _save(
    organization: Organization, actor: User | None, contact: Contact, data: dict, *, reason: str
) -> Contact:
    for field in CONTACT_FIELDS:
        if field in data:
            setattr(contact, field, data[field])
    contact.name = " ".join((contact.name or "").split())
    contact.email = (contact.email or "").strip()
    contact.phone = " ".join((contact.phone or "").split())
    if not contact.name:
        raise ValidationError({"name": "Give the contact's name."})
    with org_scope(organization), transaction.atomic():
        validate(contact)
        with acting_as(actor), audit_reason(reason):
            contact.save()
    return contact


def consent_record(
    *,
    organization: Organization,
    actor: User | None,
    contact: Contact,
    given_at: datetime | None,
    method: str,
) -> Contact:
    """The contact agreed to be contacted, at ``given_at`` (default now), in the way said."""
    ensure_same_organization(organization=organization, record=contact, field="contact")
    _ensure_not_erased(contact)
    given_at = given_at or timezone.now()
    method = " ".join((method or "").split())
    if not method:
        raise ValidationError({"method": "Say how consent was given: a form, an email, a call."})
    if given_at > timezone.now():
        raise ValidationError({"given_at": "Consent cannot be given in the future."})
    with org_scope(organization), transaction.atomic():
        contact = Contact.objects.select_for_update().get(pk=contact.pk)
        contact.consent_given_at, contact.consent_method = given_at, method
        contact.consent_withdrawn_at = None
        validate(contact)
        with acting_as(actor):
            contact.save()
    return contact


def consent_withdraw(
    *,
    organization: Organization,
    actor: User | None,
    contact: Contact,
    withdrawn_at: datetime | None = None,
) -> Contact:
    """The contact no longer wants to be contacted, from ``withdrawn_at`` (default now)."""
    ensure_same_organization(organization=organization, record=contact, field="contact")
    _ensure_not_erased(contact)
    withdrawn_at = withdrawn_at or timezone.now()
    with org_scope(organization), transaction.atomic():
        contact = Contact.objects.select_for_update().get(pk=contact.pk)
        if not contact.has_consent:
            raise ValidationError({"withdrawn_at": "There is no consent to withdraw."})
        if withdrawn_at < contact.consent_given_at:
            raise ValidationError(
                {"withdrawn_at": "Consent cannot be withdrawn before it was given."}
            )
        if withdrawn_at > timezone.now():
            raise ValidationError({"withdrawn_at": "Consent cannot be withdrawn in the future."})
        contact.consent_withdrawn_at = withdrawn_at
        with acting_as(actor):
            contact.save()
    return contact


def contact_erase(
    *, organization: Organization, actor: User | None, contact: Contact, reason: str
) -> Contact:
    """Erase a contact's personal data on request (GDPR art. 17).

    The record stays (interactions keep their participant), its personal fields are blanked,
    and every earlier value of those fields is redacted from its audit events; the chain
    still verifies. The erasure and the redaction are recorded with who, when and why.
    """
    ensure_same_organization(organization=organization, record=contact, field="contact")
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError({"reason": "Say why the contact's data are erased."})
    with org_scope(organization), transaction.atomic():
        contact = Contact.objects.select_for_update().get(pk=contact.pk)
        _ensure_not_erased(contact)
        former = {field: getattr(contact, field) for field in Contact.PERSONAL_FIELDS}
        for field in Contact.PERSONAL_FIELDS:
            setattr(contact, field, "")
        contact.name = ERASED_NAME
        contact.erased_at = timezone.now()
        validate(contact)
        with acting_as(actor), audit_reason(reason):
            contact.save()
            redact_history(
                organization=organization,
                record=contact,
                fields=Contact.PERSONAL_FIELDS,
                reason=reason,
            )
            # Every other field that can hold the contact's data, as the apps registered
            # them (relmgmt.core.extensions.personal_data).
            for entry in extensions.personal_data:
                entry.erase(
                    organization=organization,
                    actor=actor,
                    contact=contact,
                    former=former,
                    reason=reason,
                )
    return contact


def _ensure_not_erased(contact: Contact) -> None:
    if contact.erased_at is not None:
        raise ValidationError("This contact's data were erased; the record cannot be changed.")
