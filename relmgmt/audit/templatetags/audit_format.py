from django import template

from relmgmt.audit.hashing import REDACTED_KEY

register = template.Library()


@register.filter
def audit_value(value):
    if value is None or value == "":
        return "—"
    if isinstance(value, dict) and REDACTED_KEY in value:
        return "[redacted]"
    return value
