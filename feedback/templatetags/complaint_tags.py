"""The complaint list's rows, rendered in Python.

The register is worked through all day: its 25 rows through the template engine (a link,
two badge templates and choice labels each) cost more than its queries, so they are
formatted here in one pass, from dictionaries of
``feedback.selectors.complaints.COMPLAINT_LIST_COLUMNS``.
"""

from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.timesince import timeuntil

from feedback.models import Complaint
from feedback.selectors.complaints import Timer, clocks
from relmgmt.core.html import format_html

register = template.Library()

COMPLAINT_ROW = (
    '<tr><td class="nowrap"><a href="{}{}/">{}</a></td><td class="nowrap">{}</td>'
    "<td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
    '<td><span class="badge{}">{}</span></td><td>{}</td></tr>'
)
NEW_PARTY = '{} <span class="muted">(new)</span>'
# The state badge's colour, as feedback/state_badge.html gives it.
STATE_TONE = {"closed": " ok", "resolved": " ok", "received": " warn"}
# Each clock, as feedback/timer_badge.html writes it.
CLOCK = {
    "running": '<span class="badge">{} by {} ({} left)</span>',
    "breached": '<span class="badge bad">{}: overdue since {}</span>',
    "late": '<span class="badge warn">{}d late</span>',
    "met": '<span class="badge ok">{}d in time</span>',
}
LABELS = {
    name: dict(Complaint._meta.get_field(name).choices)
    for name in ("category", "severity", "state")
}


@register.simple_tag
def complaint_rows(rows, list_url: str):
    """The rows of a page; a complaint's page is ``list_url`` followed by its id."""
    now = timezone.now()
    return mark_safe("\n".join(_row(row, list_url, now) for row in rows))  # noqa: S308 (escaped)


def _row(row: dict, list_url: str, now: datetime) -> str:
    if row["party_id"]:
        who = row["party__name"]
    elif row["new_party_name"]:
        who = format_html(NEW_PARTY, row["new_party_name"])
    else:
        who = row["complainant_name"]
    timers = [_clock(timer, now) for timer in clocks(row, now)]
    return format_html(
        COMPLAINT_ROW,
        list_url,
        row["pk"],
        row["reference"],
        _minute(row["received_at"]),
        who,
        row["subject"],
        LABELS["category"].get(row["category"], row["category"]),
        LABELS["severity"].get(row["severity"], row["severity"]),
        STATE_TONE.get(row["state"], ""),
        LABELS["state"].get(row["state"], row["state"]),
        mark_safe(" ".join(timers) + " ") if timers else "—",  # noqa: S308 (escaped)
    )


def _clock(timer: Timer, now: datetime) -> str:
    due = _minute(timer.due_at)
    if timer.state == "running":
        return format_html(CLOCK["running"], timer.label, due, timeuntil(timer.due_at, now))
    if timer.state == "breached":
        return format_html(CLOCK["breached"], timer.label, due)
    return format_html(CLOCK[timer.state], timer.label)


def _minute(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")
