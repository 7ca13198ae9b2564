"""The Reminders panel of record pages, shown in place or read on its own (lazily)."""

from relmgmt.notifications import selectors
from relmgmt.notifications.models import Reminder

OPEN = (Reminder.Status.PENDING, Reminder.Status.SENDING)
# How many of the sent, failed and cancelled ones the panel keeps behind its "show" control.
EARLIER_SHOWN = 20


def reminders_panel_context(organization, label: str, object_id: str) -> dict:
    mine = selectors.reminders_by_label(label, object_id, organization=organization)
    earlier = mine.exclude(status__in=OPEN).order_by("-send_at", "-escalation_level")
    return {
        "upcoming": list(mine.filter(status__in=OPEN)),
        "earlier": list(earlier[:EARLIER_SHOWN]),
        "earlier_count": earlier.count(),
    }
