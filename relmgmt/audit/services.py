"""Signing a record (the signer re-enters the password; the signature pins one version),
and checking the organisation's hash chain (nightly, or asked for on the audit log)."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from celery import signature
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from relmgmt.audit import recorder, selectors
from relmgmt.audit.context import acting_as
from relmgmt.audit.hashing import canonical
from relmgmt.audit.models import ChainVerification, Signature
from relmgmt.audit.published import publish_head
from relmgmt.audit.verification import check_chain
from relmgmt.core.scoping import org_scope

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


# The task (relmgmt.audit.tasks.run_chain_verification) that runs a verification asked for
# on the page; queued by name, so services never import the tasks module.
RUN_VERIFICATION = "relmgmt.audit.tasks.run_chain_verification"


def verification_request(*, organization: Organization, actor: User | None) -> ChainVerification:
    """Queue a check of the organisation's hash chain (or return the one already waiting)."""
    with org_scope(organization), transaction.atomic():
        waiting = selectors.running_verification(organization=organization)
        if waiting is not None:
            return waiting
        verification = ChainVerification.objects.create(
            organization=organization,
            trigger=ChainVerification.Trigger.ON_DEMAND,
            requested_by=actor,
        )
        run = signature(RUN_VERIFICATION, args=(organization.pk, verification.pk))
        transaction.on_commit(run.delay)
    return verification


def verification_nightly(*, organization_id: int) -> ChainVerification:
    """The nightly check: recorded and run at once, in the worker. By the organisation's id,
    as tasks have it (the trail sits below the tenancy layer and never loads it)."""
    with org_scope(organization_id):
        verification = ChainVerification.objects.create(
            organization_id=organization_id, trigger=ChainVerification.Trigger.NIGHTLY
        )
    return verification_run(organization_id=organization_id, verification_id=verification.pk)


def verification_run(*, organization_id: int, verification_id: int) -> ChainVerification:
    """Check the chain and store what was found: when, intact or where it broke, how many
    events were read, and the head it ended on."""
    with org_scope(organization_id):
        verification = ChainVerification.objects.get(pk=verification_id)
        if verification.is_finished:
            return verification
        rows = ChainVerification.objects.filter(pk=verification.pk)
        rows.update(status=ChainVerification.Status.RUNNING, started_at=timezone.now())
        try:
            report = check_chain(organization_id)
        except Exception as error:
            rows.update(
                status=ChainVerification.Status.FAILED,
                finished_at=timezone.now(),
                problem=f"The check could not finish: {type(error).__name__}",
            )
            raise
        fault = report.fault
        if fault is None:
            publish_head(
                organization_id=organization_id, seq=report.head_seq, head_hash=report.head_hash
            )
        rows.update(
            status=ChainVerification.Status.BROKEN if fault else ChainVerification.Status.INTACT,
            finished_at=timezone.now(),
            events_checked=report.events_checked,
            head_seq=report.head_seq,
            head_hash=report.head_hash,
            broken_at_seq=fault.seq if fault else None,
            problem=fault.problem[:300] if fault else "",
        )
        verification.refresh_from_db()
    return verification
