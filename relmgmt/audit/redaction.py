"""Redacting personal data from a record's audit history (GDPR erasure), the one sanctioned
change to recorded events.

How it keeps the trail trustworthy:

- Each value in an event's ``changes`` is hashed on its own (``hashing.value_digest``). A
  redacted value is replaced by ``{REDACTED_KEY: <digest of the value>}``, whose digest is
  the original's, so the event hash and the chain still verify, and nothing else about
  the event can change without ``verify_audit_trail`` noticing.
- The redaction is itself an event, appended to the chain before any value is touched:
  action ``redact``, the record, who, when, the reason, and the fields (never the values).
- The database allows exactly this update and nothing else (``db_guard``): every column
  but ``changes`` unchanged, the same fields, each value either unchanged or replaced by a
  marker, and a later ``redact`` event of the same record naming that field. So even the
  sanctioned path can only take information away, and only with a recorded reason.

The event's description (``object_repr``) and ``reason`` are hashed whole and cannot be
redacted; that is why models with personal data are described by kind and id only (see
``recorder.describe``). Free text that users typed elsewhere is out of reach of this
module.
"""

import re

from django.core.exceptions import ValidationError
from django.db import transaction

from relmgmt.audit import recorder
from relmgmt.audit.hashing import REDACTED_KEY, is_redacted, value_digest
from relmgmt.audit.models import AuditEvent


def redaction_marker(value) -> dict:
    return {REDACTED_KEY: value_digest(value)}


def redact_history(*, organization, record, fields, reason: str) -> AuditEvent:
    """Redact every past value of ``fields`` from ``record``'s audit events.

    Values that are empty, or equal to what the record holds now, say nothing the record
    does not show, and stay. Call it after blanking the fields in the record itself, in
    the same transaction, inside ``acting_as`` the person who asked.
    """
    model = type(record)
    audited = set(recorder.audited_attnames(model))
    fields = list(dict.fromkeys(fields))
    if not fields or not set(fields) <= audited:
        raise ValueError(f"Only audited fields of {model._meta.label} can be redacted.")
    if record.audit_organization_id() != organization.pk:
        raise ValidationError("The record belongs to another organisation.")
    if not reason.strip():
        raise ValidationError({"reason": "Say why the data are redacted."})
    current = recorder.instance_values(record)
    label, object_id = recorder.model_label(model), str(record.pk)
    with transaction.atomic():
        (redaction,) = recorder.append_events(
            [
                {
                    "organization_id": organization.pk,
                    "action": AuditEvent.Action.REDACT,
                    "model_label": label,
                    "object_id": object_id,
                    "object_repr": recorder.describe(model, current, record),
                    "changes": {field: [None, None] for field in sorted(fields)},
                    "reason": reason.strip(),
                }
            ]
        )
        # The plain base manager: AuditEvent's own manager refuses every update, and the
        # database trigger accepts this one only because the redaction event now exists.
        earlier = AuditEvent._base_manager.filter(
            organization_id=organization.pk,
            model_label=label,
            object_id=object_id,
            seq__lt=redaction.seq,
        ).order_by("seq")
        for event in earlier:
            changes = _redacted_changes(event.changes, fields, current)
            if changes != event.changes:
                AuditEvent._base_manager.filter(pk=event.pk).update(changes=changes)
    return redaction


def _redacted_changes(changes: dict, fields, current: dict) -> dict:
    def redact(field, value):
        if value in (None, "") or is_redacted(value) or value == current.get(field):
            return value
        return redaction_marker(value)

    return {
        field: [redact(field, value) for value in pair] if field in fields else pair
        for field, pair in changes.items()
    }


ERASED_TEXT = "[erased]"


def scrub(text: str, words) -> str:
    """``text`` with every occurrence of each of ``words`` (a person's name, email, phone:
    at least three characters each, any case) replaced by "[erased]"."""
    for word in sorted({w.strip() for w in words if w and len(w.strip()) >= 3}, key=len)[::-1]:
        text = re.sub(re.escape(word), ERASED_TEXT, text, flags=re.IGNORECASE)
    return text
