"""The corrective action list's rows, rendered in Python.

The list is one of the most visited pages: its 25 rows through the template engine (a
link, a badge template and choice labels each) cost more than its queries, so they are
formatted here in one pass, from dictionaries of
``corrective_actions.selectors.corrective_actions.CA_LIST_COLUMNS``.
"""

from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe

from corrective_actions.models.common import Severity
from corrective_actions.models.corrective_actions import CaState
from corrective_actions.selectors.corrective_actions import days_open
from relmgmt.core.html import format_html

register = template.Library()

CA_ROW = (
    '<tr><td class="nowrap"><a href="{}{}/">{}</a>{}</td><td class="nowrap">{}</td>'
    '<td class="nowrap">{} d</td><td>{}{}{}</td><td>{}</td><td>{}</td><td>{}</td>'
    '<td><span class="badge{}">{}</span></td></tr>'
)
CYCLE = ' <span class="muted">cycle {}</span>'
RECURRENCE = mark_safe(' <span class="badge bad">recurrence</span>')
OVERDUE = mark_safe(' <span class="badge warn">overdue</span>')
# The state badge's colour, as corrective_actions/state_badge.html gives it.
STATE_TONE = {"closed": " ok", "effective": " ok", "not_effective": " warn", "open": " warn"}
STATE_LABELS = dict(CaState.choices)
SEVERITY_LABELS = dict(Severity.choices)


@register.simple_tag
def corrective_action_rows(rows, list_url: str):
    """The rows of a page; a corrective action's page is ``list_url`` followed by its id."""
    now = timezone.now()
    return mark_safe("\n".join(_row(row, list_url, now) for row in rows))  # noqa: S308 (escaped)


def _row(row: dict, list_url: str, now: datetime) -> str:
    opened = timezone.localtime(row["opened_at"])
    if row["supplier_id"]:
        who = row["supplier__party__name"]
    elif row["party_id"]:
        who = row["party__name"]
    else:
        who = "—"
    return format_html(
        CA_ROW,
        list_url,
        row["pk"],
        row["reference"],
        format_html(CYCLE, row["cycle"]) if row["cycle"] > 1 else "",
        opened.date().isoformat(),
        days_open(row["opened_at"], row["closed_at"], now),
        row["title"],
        RECURRENCE if row["recurrent"] else "",
        OVERDUE if row["overdue"] else "",
        who,
        SEVERITY_LABELS.get(row["severity"], row["severity"]),
        row["owner__full_name"] or row["owner__email"],
        STATE_TONE.get(row["state"], ""),
        STATE_LABELS.get(row["state"], row["state"]),
    )
