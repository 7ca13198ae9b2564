from django import template

from relmgmt.notifications import selectors

register = template.Library()


@register.inclusion_tag("notifications/reminders_panel.html", takes_context=True)
def reminders_panel(context, record):
    """A record page's reminders: what goes out, what went out, what was cancelled."""
    organization = context["request"].organization
    return {"reminders": list(selectors.reminders_of(record, organization=organization))}
