from django import template

from relmgmt.audit import selectors
from relmgmt.audit.templatetags.audit_format import describe_events

register = template.Library()


@register.inclusion_tag("audit/history_panel.html", takes_context=True)
def history_panel(context, record, limit=20):
    """The History panel of a record page: its latest events and signatures."""
    organization = context["request"].organization
    events = describe_events(
        selectors.history_of(record, organization=organization)[: limit + 1],
        organization,
        known=(record,),
    )
    return {
        "record": record,
        "events": events[:limit],
        "more": len(events) > limit,
        "signatures": list(selectors.signatures_of(record, organization=organization)[:10]),
        "organization": organization,
        "model_label": record._meta.label_lower,
    }
