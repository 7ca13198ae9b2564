from django import template

from relmgmt.notifications import selectors
from relmgmt.notifications.models import Reminder

register = template.Library()

OPEN = (Reminder.Status.PENDING, Reminder.Status.SENDING)
# How many of the sent, failed and cancelled ones the panel keeps behind its "show" control.
EARLIER_SHOWN = 20


@register.inclusion_tag("notifications/reminders_panel.html", takes_context=True)
def reminders_panel(context, record):
    """A record page's reminders: what goes out next, and (a click away, folded) what went
    out or was cancelled, newest first."""
    organization = context["request"].organization
    mine = selectors.reminders_of(record, organization=organization)
    earlier = mine.exclude(status__in=OPEN).order_by("-send_at", "-escalation_level")
    return {
        "upcoming": list(mine.filter(status__in=OPEN)),
        "earlier": list(earlier[:EARLIER_SHOWN]),
        "earlier_count": earlier.count(),
    }
