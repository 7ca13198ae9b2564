"""Writes audit events: one per created, changed or deleted row, chained by hash.

Called by the base model and queryset (relmgmt.core.models) and the delete signals; never
by views or services directly. A service that makes several writes in one transaction may
hold their events and append them together at its end (``events_held``).
"""

from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime

from django.apps import apps
from django.db import connections, transaction
from django.utils import timezone

from relmgmt.audit.context import AuditActor, current_actor
from relmgmt.audit.hashing import GENESIS_HASH, current_version, event_hash, jsonable

UNAUDITED_FIELDS = {"updated_at"}


def audited_attnames(model) -> list[str]:
    return [
        field.attname
        for field in model._meta.concrete_fields
        if field.attname not in UNAUDITED_FIELDS
    ]


def model_label(model) -> str:
    return model._meta.label_lower


def instance_values(instance) -> dict:
    return {
        attname: jsonable(getattr(instance, attname))
        for attname in audited_attnames(type(instance))
    }


def stored_values(instance, *, using) -> dict | None:
    rows = (
        type(instance)
        ._base_manager.using(using)
        .filter(pk=instance.pk)
        .values(*audited_attnames(type(instance)))
        .order_by()[:1]  # one row at most: no order to compile
    )
    row = next(iter(rows), None)
    return None if row is None else {key: jsonable(value) for key, value in row.items()}


def _organization_id_of(model, values: dict) -> int:
    return values[getattr(model, "audit_organization_field", "organization_id")]


def describe(model, values: dict, instance=None) -> str:
    """A record's description in its events.

    Models that hold personal data list them in ``PERSONAL_FIELDS``; they are described by
    kind and id only, because the description is hashed whole and could never be redacted
    (see relmgmt.audit.redaction).
    """
    if getattr(model, "PERSONAL_FIELDS", None):
        return f"{str(model._meta.verbose_name).capitalize()} #{values.get('id')}"
    return (str(instance)[:200] if instance is not None else None) or _describe(model, values)


def _describe(model, values: dict) -> str:
    try:
        text = str(model(**values))
    except Exception:  # a record's __str__ must never stop its audit event
        text = f"{model._meta.verbose_name} {values.get('id')}"
    return text[:200]


def _diff(before: dict | None, after: dict | None) -> dict:
    before = before or {}
    after = after or {}
    return {
        field: [before.get(field), after.get(field)]
        for field in sorted(set(before) | set(after))
        if before.get(field) != after.get(field)
    }


def _spec(model, action, before, after, *, repr_source=None) -> dict | None:
    values = after if after is not None else before
    changes = _diff(before, after)
    if action == "update" and not changes:
        return None
    return {
        "organization_id": _organization_id_of(model, values),
        "action": action,
        "model_label": model_label(model),
        "object_id": str(values["id"]),
        "object_repr": describe(model, values, repr_source),
        "changes": changes,
    }


def record_save(instance, before: dict | None, *, using) -> None:
    action = "create" if before is None else "update"
    spec = _spec(type(instance), action, before, instance_values(instance), repr_source=instance)
    if spec:
        _record([spec], using=using)


def record_delete(instance, *, using) -> None:
    spec = _spec(type(instance), "delete", instance_values(instance), None, repr_source=instance)
    _record([spec], using=using)


def record_bulk_create(model, objs, *, using) -> None:
    specs = [_spec(model, "create", None, instance_values(obj), repr_source=obj) for obj in objs]
    _record(specs, using=using)


def record_queryset_update(model, before_rows: list[dict], *, using) -> None:
    if not before_rows:
        return
    attnames = audited_attnames(model)
    after_by_pk = {
        row["id"]: row
        for row in model._base_manager.using(using)
        .filter(pk__in=[row["id"] for row in before_rows])
        .values(*attnames)
    }
    specs = []
    for before in before_rows:
        after = after_by_pk.get(before["id"])
        if after is None:
            continue
        spec = _spec(
            model,
            "update",
            {key: jsonable(value) for key, value in before.items()},
            {key: jsonable(value) for key, value in after.items()},
        )
        if spec:
            specs.append(spec)
    _record(specs, using=using)


# The events held by ``events_held`` per database: each spec with its actor and moment.
_held: ContextVar[dict[str, list] | None] = ContextVar("audit_held_events", default=None)


@contextmanager
def events_held(*, using="default"):
    """Hold the events of the writes inside the block and append them when it ends, in the
    order of the writes, each with its own actor and moment: the same events, on one lock of
    the chain head and one insert instead of one of each per write.

    For a block inside one transaction whose writes stand or fall together: an error that
    leaves the block drops the held events (its transaction must roll back with it), so no
    error of an audited write may be caught and carried on from inside the block. Nested
    blocks join the outer one; ``append_events`` appends what is held first."""
    if not transaction.get_connection(using).in_atomic_block:
        raise RuntimeError("events_held needs a transaction around it")
    held = _held.get()
    if held is not None and using in held:
        yield
        return
    token = _held.set({**(held or {}), using: []})
    try:
        yield
        entries = (_held.get() or {}).get(using) or []
    finally:
        _held.reset(token)
    _write(entries, using=using)


def holding(using="default") -> bool:
    """Whether events are held for ``using``: inside such a block no error of an audited
    write is caught and carried on from, so its writes need no savepoint of their own."""
    held = _held.get()
    return held is not None and using in held


def _record(specs: list[dict], *, using) -> None:
    held = _held.get()
    if held is not None and using in held:
        actor, now = current_actor(), timezone.now()
        held[using].extend((spec, actor, now) for spec in specs if spec)
        return
    append_events(specs, using=using)


def _flush_held(using) -> None:
    held = _held.get()
    if held is not None and held.get(using):
        entries, held[using] = held[using], []
        _write(entries, using=using)


def append_events(specs: list[dict], *, using="default") -> list:
    """Append events to their organisations' chains, locking each chain head once."""
    _flush_held(using)  # the events held before these come first
    actor, now = current_actor(), timezone.now()
    return _write([(spec, actor, now) for spec in specs if spec], using=using)


# The AuditChain model's table, read and written by hand below (quoted, as the ORM writes it).
CHAIN_TABLE = '"audit_auditchain"'

# How many times this process has appended events: a chain head read before an append
# may no longer be the head (see ``selectors.trail_head``).
_appends = 0


def appends() -> int:
    return _appends


def _write(entries: list[tuple[dict, AuditActor, datetime]], *, using) -> list:
    global _appends
    # By label: the audit models are tenant models, whose base (relmgmt.core.models)
    # records through this module.
    AuditEvent = apps.get_model("audit", "AuditEvent")

    if not entries:
        return []
    version = current_version()
    events = []
    _appends += 1
    connection = connections[using]
    # No savepoint: events that failed to append must fail the whole transaction, never be
    # caught and carried on from.
    with transaction.atomic(using=using, savepoint=False), connection.cursor() as cursor:
        by_org: dict[int, list[tuple]] = {}
        for entry in entries:
            by_org.setdefault(entry[0]["organization_id"], []).append(entry)
        for organization_id, org_entries in sorted(by_org.items()):
            chain_id, last_seq, last_hash = _locked_chain(cursor, organization_id, using)
            for spec, actor, now in org_entries:
                last_seq += 1
                event = AuditEvent(
                    organization_id=organization_id,
                    seq=last_seq,
                    occurred_at=now,
                    actor_id=actor.user_id,
                    actor_label=actor.label,
                    source=actor.source,
                    happened_on=actor.happened_on,
                    action=spec["action"],
                    model_label=spec["model_label"],
                    object_id=spec["object_id"],
                    object_repr=spec["object_repr"],
                    changes=spec["changes"],
                    reason=spec.get("reason", actor.reason),
                    prev_hash=last_hash,
                    hash_version=version,
                )
                event.hash = last_hash = event_hash(
                    prev_hash=event.prev_hash,
                    fields=event.hashed_fields(),
                    changes=event.changes,
                    version=version,
                )
                events.append(event)
            cursor.execute(
                f'UPDATE {CHAIN_TABLE} SET "last_seq" = %s, "last_hash" = %s '  # noqa: S608
                'WHERE "organization_id" = %s AND "id" = %s',
                [last_seq, last_hash, organization_id, chain_id],
            )
        _insert(cursor, connection, events, using=using)
    return events


def _locked_chain(cursor, organization_id: int, using) -> tuple[int, int, str]:
    """The organisation's chain head (id, last sequence number, last hash), locked until
    the transaction ends; made on its first event."""
    lock = " FOR UPDATE" if connections[using].features.has_select_for_update else ""
    read = (
        f'SELECT "id", "last_seq", "last_hash" FROM {CHAIN_TABLE} '  # noqa: S608
        'WHERE "organization_id" = %s'
    )
    cursor.execute(read + lock, [organization_id])
    head = cursor.fetchone()
    if head is None:
        apps.get_model("audit", "AuditChain").objects.using(using).get_or_create(
            organization_id=organization_id, defaults={"last_hash": GENESIS_HASH}
        )
        cursor.execute(read + lock, [organization_id])
        head = cursor.fetchone()
    return head


def _insert(cursor, connection, events: list, *, using) -> None:
    """The events in as few INSERTs as the database takes, each value prepared by its field
    as the ORM's insert prepares it: the ORM's statements, without compiling a query per
    call (every audited write of the product comes here)."""
    model = type(events[0])
    fields = [field for field in model._meta.concrete_fields if not field.primary_key]
    quote = connection.ops.quote_name
    into = (
        f"INSERT INTO {quote(model._meta.db_table)} "  # noqa: S608 (our model's names)
        f"({', '.join(quote(field.column) for field in fields)}) VALUES "
    )
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    returning = connection.features.can_return_rows_from_bulk_insert
    size = max(connection.ops.bulk_batch_size(fields, events), 1)
    for start in range(0, len(events), size):
        batch = events[start : start + size]
        cursor.execute(
            into + ", ".join([row] * len(batch)) + (" RETURNING id" if returning else ""),
            [
                field.get_db_prep_save(getattr(event, field.attname), connection)
                for event in batch
                for field in fields
            ],
        )
        ids = [found[0] for found in cursor.fetchall()] if returning else [None] * len(batch)
        for event, pk in zip(batch, ids, strict=True):
            event.pk = pk
            event._state.adding = False
            event._state.db = using
