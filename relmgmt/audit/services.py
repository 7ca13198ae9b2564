"""Signing a record: the signer re-enters the password; the signature pins one version."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from relmgmt.audit import recorder, selectors
from relmgmt.audit.context import acting_as
from relmgmt.audit.hashing import canonical
from relmgmt.audit.models import Signature

if TYPE_CHECKING:
    from relmgmt.accounts.models import User
    from relmgmt.core.models import AuditedModel
    from relmgmt.tenancy.models import Organization


def record_hash(record: AuditedModel) -> str:
    return hashlib.sha256(canonical(recorder.instance_values(record)).encode()).hexdigest()


def signature_create(
    *, organization: Organization, signer: User, password: str, record: AuditedModel, meaning: str
) -> Signature:
    """Sign ``record`` as it stands now. Raises ValidationError if the password is wrong."""
    if not password or not signer.check_password(password):
        raise ValidationError({"password": "The password is not right; the record is not signed."})
    if not meaning.strip():
        raise ValidationError({"meaning": "Say what the signature means."})
    if record.audit_organization_id() != organization.pk:
        raise ValidationError("The record belongs to another organisation.")
    with transaction.atomic(), acting_as(signer):
        signature = Signature(
            organization=organization,
            signer=signer,
            signer_name=f"{signer.display_name} <{signer.email}>",
            signed_at=timezone.now(),
            meaning=meaning.strip(),
            model_label=recorder.model_label(type(record)),
            object_id=str(record.pk),
            record_version=selectors.latest_seq_of(record, organization=organization),
            record_hash=record_hash(record),
        )
        signature.save()
    return signature


def signature_is_current(signature: Signature, record: AuditedModel) -> bool:
    """Is the record still exactly the version that was signed?"""
    return signature.record_hash == record_hash(record)
