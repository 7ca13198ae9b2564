from django import template
from django.apps import apps

from relmgmt.audit.hashing import is_redacted

register = template.Library()


@register.filter
def audit_value(value):
    if value is None or value == "":
        return "—"
    if is_redacted(value):
        return "[redacted]"
    return value


HIDDEN_FIELDS = {"id", "organization_id", "created_at"}


@register.filter
def change_rows(event):
    """An event's changes as (label, before, after) rows, in the record's own words."""
    try:
        fields = {f.attname: f for f in apps.get_model(event.model_label)._meta.concrete_fields}
    except LookupError:
        fields = {}
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
        rows.append((label, before, after))
    return rows
