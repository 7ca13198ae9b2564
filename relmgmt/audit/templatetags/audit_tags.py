from django import template

from relmgmt.audit import selectors
from relmgmt.audit.recorder import model_label
from relmgmt.audit.templatetags.audit_format import describe_events

register = template.Library()

PANEL_EVENTS = 20


def history_panel_context(
    organization, label: str, object_id: str, *, limit=PANEL_EVENTS, bounded=False
) -> dict:
    """A record's latest events, in words, and its latest signatures. ``bounded`` names the
    records they refer to as the trail last wrote them, in a few queries whatever their kinds
    (the panel read on its own, within a page's budget)."""
    events = selectors.history_by_label(label, object_id, organization=organization)
    events = describe_events(events[: limit + 1], organization, names_from_trail=bounded)
    return {
        "events": events[:limit],
        "more": len(events) > limit,
        "signatures": list(
            selectors.signatures_by_label(label, object_id, organization=organization)[:10]
        ),
        "organization": organization,
        "model_label": label,
        "object_id": object_id,
    }


@register.inclusion_tag("audit/history_panel.html", takes_context=True)
def history_panel(context, record, limit=20):
    """The History panel of a record page: its latest events and signatures. The record,
    its organisation and the records it points at that were read with it are named
    without reading them again."""
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
        "model_label": model_label(type(record)),
        "object_id": str(record.pk),
    }


@register.inclusion_tag("audit/history_panel_lazy.html", takes_context=True)
def lazy_history_panel(context, record):
    """The History panel, read when it scrolls into view (``record_history_panel``): a
    record's trail is the costliest part of its page and the one read last. Without
    JavaScript it is a link to the record's history page."""
    return {
        "organization": context["request"].organization,
        "model_label": model_label(type(record)),
        "object_id": str(record.pk),
    }
