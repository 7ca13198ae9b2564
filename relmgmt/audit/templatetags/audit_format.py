import json

from django import template
from django.utils.formats import localize
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst

from relmgmt.audit.hashing import is_redacted
from relmgmt.audit.naming import (
    Named,
    RecordNames,
    fields_of,
    kind_label,
    model_of,
    name_from_description,
    readable,
)

register = template.Library()

HIDDEN_FIELDS = {"id", "organization_id", "created_at"}


@register.filter
def audit_value(value):
    """A value of the trail as text; a named record with a page as a link to it."""
    if value is None or value == "":
        return "—"
    if is_redacted(value):
        return "[redacted]"
    if isinstance(value, Named):
        return format_html('<a href="{}">{}</a>', value.url, value) if value.url else str(value)
    if isinstance(value, list):
        if not value:
            return "—"
        separator = " | " if any(isinstance(item, dict) for item in value) else ", "
        return separator.join(str(audit_value(item)) for item in value)
    if isinstance(value, dict):
        if all(_flat(item) for item in value.values()):
            return "; ".join(f"{key}: {audit_value(item)}" for key, item in value.items()) or "—"
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


@register.filter
def change_items(event):
    """The audit log's list items of an event's changed fields ("Name: old → new"). Built
    here rather than in a template loop: a log page holds fifty events of up to twenty
    fields each, and the loop's per-item cost was most of the page's time."""

    def shown(value):
        return localize(audit_value(value))

    def change(before, after):
        if event.action == "update":
            return format_html("{} → {}", shown(before), shown(after))
        if event.action == "delete":
            return shown(before)
        if event.action == "redact":
            return "redacted"
        return shown(after)

    return format_html_join(
        "",
        "<li><strong>{}</strong>: {}</li>",
        ((capfirst(label), change(before, after)) for label, before, after in event.rows),
    )


def _flat(value) -> bool:
    """A scalar, or a list of scalars: written inline as ``key: a, b``."""
    scalar = (str, int, float, bool, type(None))
    return isinstance(value, scalar) or (
        isinstance(value, list) and all(isinstance(item, scalar) for item in value)
    )


def describe_events(
    events, organization=None, *, known=(), names_from_trail=False, names_from_states=False
) -> list:
    """Give each event, in the record's own words:

    - ``kind``: the kind of record ("Re-evaluation");
    - ``record_name``: the record's name now (a ``Named`` with its page), or the name the
      event wrote if the record is gone;
    - ``rows``: (field label, before, after), with choices as their labels, references as
      the name of the record they point at, and Yes/No, dates and times readable.

    Records are named in one query per kind of record, whatever the number of events;
    the organisation, the ``known`` records (the page's own) and the records they were
    loaded with need none.
    ``organization`` gives the links their address; without it names come without links.
    With ``names_from_states`` (the audit log) the records are named and linked from their
    state as the trail wrote it, every kind in one query (``RecordNames.resolve_from_states``).
    With ``names_from_trail`` (a record's History panel read on its own) the events' own record
    keeps the name its event wrote, and the records the changes refer to are named as the
    trail last wrote them, in one query whatever their kinds.
    """
    events = list(events)
    if not events:
        return events
    names = RecordNames(
        organization_id=organization.pk if organization is not None else events[0].organization_id,
        organization_slug=organization.slug if organization is not None else None,
    )
    if organization is not None:
        names.know(organization)
    for record in known:
        names.know(record, with_references=True)
    for event in events:
        model = model_of(event.model_label)
        if not names_from_trail:
            names.want(model, event.object_id)
        fields = fields_of(model)
        for attname, values in event.changes.items():
            if attname in HIDDEN_FIELDS:
                continue
            field = fields.get(attname)
            if field is not None and field.many_to_one:
                for value in values:
                    names.want(field.related_model, value)
    if names_from_trail:
        names.resolve_from_trail()
    elif names_from_states:
        names.resolve_from_states()
    else:
        names.resolve()
    for event in events:
        model = model_of(event.model_label)
        event.kind = kind_label(event.model_label)
        event.record_name = names.get(model, event.object_id) or Named(
            name_from_description(event.model_label, event.object_id, event.object_repr)
        )
        event.rows = _rows(event.changes.items(), fields_of(model), names)
    return events


def describe_state(model, state: dict | None, organization=None) -> list:
    """A record's field values (as ``record_as_of`` gives them) as (label, value) rows."""
    if not state:
        return []
    names = RecordNames(
        organization_id=organization.pk if organization is not None else None,
        organization_slug=organization.slug if organization is not None else None,
    )
    fields = fields_of(model)
    for attname, value in state.items():
        field = fields.get(attname)
        if field is not None and field.many_to_one:
            names.want(field.related_model, value)
    names.resolve()
    return [
        (label, after)
        for label, _before, after in _rows(
            ((k, [None, v]) for k, v in state.items()), fields, names
        )
    ]


def _rows(changes, fields, names) -> list:
    rows = []
    for attname, (before, after) in changes:
        if attname in HIDDEN_FIELDS:
            continue
        field = fields.get(attname)
        label = str(field.verbose_name) if field is not None else attname
        rows.append((label, readable(field, before, names), readable(field, after, names)))
    return rows


@register.filter
def change_rows(event):
    """An event's rows, as ``describe_events`` made them (or made now, for one event)."""
    if not hasattr(event, "rows"):
        describe_events([event])
    return event.rows
