from django import template
from django.apps import apps

from relmgmt.audit.hashing import is_redacted

register = template.Library()

HIDDEN_FIELDS = {"id", "organization_id", "created_at"}


@register.filter
def audit_value(value):
    if value is None or value == "":
        return "—"
    if is_redacted(value):
        return "[redacted]"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value) or "—"
    return value


def _fields_of(model_label: str) -> dict:
    try:
        return {f.attname: f for f in apps.get_model(model_label)._meta.concrete_fields}
    except LookupError:
        return {}


def describe_events(events) -> list:
    """Give each event ``rows``: (label, before, after) in the record's own words, with
    choices as their labels and references as the name of the record they point at.
    References are looked up in one query per kind of record, whatever the number of
    events."""
    events = list(events)
    wanted: dict = {}  # (related model, organisation id) -> ids
    for event in events:
        fields = _fields_of(event.model_label)
        for attname, values in event.changes.items():
            field = fields.get(attname)
            if field is not None and field.many_to_one:
                ids = wanted.setdefault((field.related_model, event.organization_id), set())
                ids.update(v for v in values if isinstance(v, int | str) and v != "")
    names = {
        (model, str(obj.pk)): str(obj)
        for (model, organization_id), ids in wanted.items()
        for obj in _records(model, organization_id, ids)
    }
    for event in events:
        event.rows = _rows(event, _fields_of(event.model_label), names)
    return events


def _records(model, organization_id, ids):
    """The records ``ids`` of ``model`` through its default manager; a tenant model's read
    names the events' organisation (and runs inside its scope, as a request does)."""
    records = model._default_manager.filter(pk__in=ids)
    if any(field.attname == "organization_id" for field in model._meta.concrete_fields):
        records = records.filter(organization_id=organization_id)
    return records


def _rows(event, fields, names) -> list:
    rows = []
    for attname, (before, after) in event.changes.items():
        if attname in HIDDEN_FIELDS:
            continue
        field = fields.get(attname)
        label = str(field.verbose_name) if field is not None else attname
        if field is not None and field.choices:
            choices = {str(key): value for key, value in field.flatchoices}
            before = choices.get(str(before), before) if before is not None else None
            after = choices.get(str(after), after) if after is not None else None
        elif field is not None and field.many_to_one:
            model = field.related_model
            before = names.get((model, str(before)), before) if before is not None else None
            after = names.get((model, str(after)), after) if after is not None else None
        rows.append((label, before, after))
    return rows


@register.filter
def change_rows(event):
    """An event's rows, as ``describe_events`` made them (or made now, for one event)."""
    if not hasattr(event, "rows"):
        describe_events([event])
    return event.rows
