"""Reads of the audit trail: a record's history, the organisation's log, records as of a date."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.db.models import Max, Model, Q, QuerySet, Subquery
from django.utils import timezone

from relmgmt.audit import recorder
from relmgmt.audit.hashing import is_redacted
from relmgmt.audit.models import (
    AuditChain,
    AuditEvent,
    ChainVerification,
    SecurityEvent,
    Signature,
)
from relmgmt.audit.recorder import model_label

if TYPE_CHECKING:
    from relmgmt.tenancy.models import Organization


def events(*, organization: Organization) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(organization=organization).select_related(None)


def security_events(*, organization: Organization) -> QuerySet[SecurityEvent]:
    """The organisation's security log, newest first, with each row's person."""
    return (
        SecurityEvent.objects.filter(organization=organization)
        .select_related("user")
        .order_by("-occurred_at", "-id")
    )


def history_of(record: Model, *, organization: Organization) -> QuerySet[AuditEvent]:
    """Every event of one record, newest first."""
    return history_by_label(model_label(type(record)), str(record.pk), organization=organization)


def history_by_label(
    label: str, object_id: str, *, organization: Organization
) -> QuerySet[AuditEvent]:
    """Every event of the record of kind ``label`` ("parties.party") and id, newest first."""
    return (
        events(organization=organization)
        .filter(model_label=label, object_id=object_id)
        .order_by("-seq")
    )


def signatures_of(record: Model, *, organization: Organization) -> QuerySet[Signature]:
    return signatures_by_label(model_label(type(record)), str(record.pk), organization=organization)


def signatures_by_label(
    label: str, object_id: str, *, organization: Organization
) -> QuerySet[Signature]:
    return Signature.objects.filter(
        organization=organization, model_label=label, object_id=object_id
    ).order_by("-signed_at")


def latest_seq_of(record: Model, *, organization: Organization) -> int:
    result = (
        events(organization=organization)
        .filter(model_label=model_label(type(record)), object_id=str(record.pk))
        .aggregate(latest=Max("seq"))
    )
    return result["latest"] or 0


def trail_head(*, organization: Organization) -> str:
    """The hash of the organisation's latest event, which seals its whole history. Every
    change of one of its records appends an event in the same transaction, so the head
    names the state of those records: while it stays, they stay.

    Read once per organisation instance (one per request) until this process appends
    events again: a page whose count, figures and tiles all name the head reads it once."""
    known = organization.__dict__.get("_trail_head")
    if known is not None and known[0] == recorder.appends():
        return known[1]
    appends = recorder.appends()
    head = (
        AuditChain.objects.filter(organization=organization)
        .values_list("last_hash", flat=True)
        .first()
    ) or ""
    organization.__dict__["_trail_head"] = (appends, head)
    return head


def trail_head_subquery(*, organization: Organization) -> Subquery:
    """``trail_head`` as a column of another query (None without a trail): read in the
    same statement, it names the state of the records that query reads. Hand what it
    read to ``trail_head_read``."""
    return Subquery(
        AuditChain.objects.filter(organization=organization).order_by().values("last_hash")[:1]
    )


def trail_head_read(*, organization: Organization, head: str | None) -> None:
    """The head a ``trail_head_subquery`` read: ``trail_head`` answers it, as if it had
    read it itself, until this process appends events again."""
    organization.__dict__["_trail_head"] = (recorder.appends(), head or "")


def happened_by(organization: Organization, when: datetime) -> Q:
    """The events of facts that had happened by ``when``: those recorded by then, and those
    imported later whose fact happened on or before that day (in the organisation's zone)."""
    day = when.astimezone(ZoneInfo(organization.timezone)).date()
    return Q(happened_on__isnull=True, occurred_at__lte=when) | Q(happened_on__lte=day)


def _fold(state: dict | None, event: AuditEvent) -> dict | None:
    if event.action == AuditEvent.Action.CREATE:
        return {field: pair[1] for field, pair in event.changes.items()}
    if event.action == AuditEvent.Action.DELETE:
        return None
    if event.action == AuditEvent.Action.UPDATE and state is not None:
        state = dict(state)
        for field, pair in event.changes.items():
            state[field] = pair[1]
    return state


def record_as_of(
    *, organization: Organization, model: type[Model], pk: Any, when: datetime
) -> dict | None:
    """The field values of one record as they stood at ``when``; None if it did not exist."""
    state = None
    for event in (
        events(organization=organization)
        .filter(happened_by(organization, when), model_label=model_label(model), object_id=str(pk))
        .order_by("seq")
        .only("action", "changes")
    ):
        state = _fold(state, event)
    return state


def records_as_of(
    *, organization: Organization, model: type[Model], when: datetime
) -> dict[str, dict]:
    """Every record of ``model`` that existed at ``when``, by id, with its field values then."""
    states: dict[str, dict | None] = {}
    for event in (
        events(organization=organization)
        .filter(happened_by(organization, when), model_label=model_label(model))
        .order_by("seq")
        .only("action", "changes", "object_id")
        .iterator(chunk_size=2000)
    ):
        states[event.object_id] = _fold(states.get(event.object_id), event)
    return {object_id: state for object_id, state in states.items() if state is not None}


def instance_as_of(
    *, organization: Organization, model: type[Model], pk: Any, when: datetime
) -> Model | None:
    """An unsaved instance of ``model`` holding the values it had at ``when``, or None."""
    state = record_as_of(organization=organization, model=model, pk=pk, when=when)
    if state is None:
        return None
    fields = {field.attname: field for field in model._meta.concrete_fields}
    values = {
        attname: fields[attname].to_python(value)
        for attname, value in state.items()
        if attname in fields and not is_redacted(value)
    }
    return model(**values)


def instances_as_of(
    *, organization: Organization, model: type[Model], when: datetime
) -> list[Model]:
    """Every record of ``model`` that existed at ``when``, as unsaved instances holding the
    values they had then (one query, whatever their number). Values erased on request are
    left at the field's default."""
    fields = {field.attname: field for field in model._meta.concrete_fields}
    instances = []
    for object_id, state in records_as_of(
        organization=organization, model=model, when=when
    ).items():
        values = {
            attname: fields[attname].to_python(value)
            for attname, value in state.items()
            if attname in fields and not is_redacted(value)
        }
        values.setdefault(model._meta.pk.attname, model._meta.pk.to_python(object_id))
        instance = model(**values)
        instance._state.adding = False
        instances.append(instance)
    return instances


def _running(organization: Organization) -> QuerySet[ChainVerification]:
    return ChainVerification.objects.filter(
        organization=organization,
        status__in=[ChainVerification.Status.QUEUED, ChainVerification.Status.RUNNING],
        created_at__gte=timezone.now() - ChainVerification.ABANDONED_AFTER,
    ).order_by("-created_at", "-id")


def _finished(organization: Organization) -> QuerySet[ChainVerification]:
    return ChainVerification.objects.filter(
        organization=organization, status__in=ChainVerification.FINISHED
    ).order_by("-created_at", "-id")


def running_verification(*, organization: Organization) -> ChainVerification | None:
    """The check waiting for or being run by the worker; one that has not finished within
    ``ChainVerification.ABANDONED_AFTER`` (a worker stopped under it) is not waited for."""
    return _running(organization).first()


def latest_finished_verification(*, organization: Organization) -> ChainVerification | None:
    """The organisation's latest finished check of its chain (intact, broken or failed)."""
    return _finished(organization).select_related("requested_by").first()


def verifications_now(
    *, organization: Organization
) -> tuple[ChainVerification | None, ChainVerification | None]:
    """``latest_finished_verification`` and ``running_verification``, in one query."""
    found = ChainVerification.objects.filter(
        Q(pk=Subquery(_finished(organization).values("pk")[:1]))
        | Q(pk=Subquery(_running(organization).values("pk")[:1])),
        organization=organization,
    ).select_related("requested_by")
    finished = running = None
    for verification in found:
        if verification.status in ChainVerification.FINISHED:
            finished = verification
        else:
            running = verification
    return finished, running
