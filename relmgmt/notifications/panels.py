"""The Reminders panel of record pages, shown in place or read on its own (lazily)."""

from django.db.models import BooleanField, Case, Count, ExpressionWrapper, F, Q, Value, When, Window
from django.db.models.functions import RowNumber

from relmgmt.notifications import selectors
from relmgmt.notifications.models import Reminder

OPEN = (Reminder.Status.PENDING, Reminder.Status.SENDING)
# How many of the sent, failed and cancelled ones the panel keeps behind its "show" control.
EARLIER_SHOWN = 20


def reminders_panel_context(organization, label: str, object_id: str) -> dict:
    """What goes out next, and (folded) what went out or was cancelled, newest first.

    One query: every open reminder, the latest earlier ones, and how many earlier ones there
    are (numbered and counted within each half by window functions)."""
    is_open = ExpressionWrapper(Q(status__in=OPEN), output_field=BooleanField())
    rows = list(
        selectors.reminders_by_label(label, object_id, organization=organization)
        .annotate(
            open_half=is_open,
            newest=Window(
                RowNumber(),
                partition_by=[is_open],
                order_by=[F("send_at").desc(), F("escalation_level").desc(), F("pk").desc()],
            ),
            in_half=Window(Count("pk"), partition_by=[is_open]),
            shown=Case(When(open_half=True, then=F("in_half")), default=Value(EARLIER_SHOWN)),
        )
        .filter(newest__lte=F("shown"))
    )
    upcoming = sorted(
        (r for r in rows if r.open_half), key=lambda r: (r.send_at, r.escalation_level, r.pk)
    )
    earlier = sorted((r for r in rows if not r.open_half), key=lambda r: r.newest)
    return {
        "upcoming": upcoming,
        "earlier": earlier,
        "earlier_count": earlier[0].in_half if earlier else 0,
    }
