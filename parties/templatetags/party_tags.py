"""The register's rows and badges, rendered in Python.

The party list is the register's busiest page: its 25 rows through the template engine
cost more than the rest of the page together, so they are formatted here in one pass, from
dictionaries of ``parties.selectors.register.PARTY_LIST_COLUMNS``.
"""

from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe

from parties.models import PARTY_TYPE_LABELS, Party, Tier
from relmgmt.core.html import due_date, format_html

register = template.Library()

PARTY_ROW = (
    '<tr><td><a href="{}{}/">{}</a>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>'
    '<td>{}</td><td>{}</td><td class="nowrap">{}</td></tr>'
)
TAG = ' <span class="badge">{}</span>'
# The choices' labels, as get_tier_display() and get_status_display() give them, but cheaper.
TIER_LABELS = dict(Tier.choices)
STATUS_LABELS = dict(Party.Status.choices)
INACTIVE = Party.Status.INACTIVE


@register.simple_tag
def party_rows(parties, list_url: str, on=None):
    """The party list's table rows; a party's page is ``list_url`` followed by its id.
    Reviews are marked overdue against today, or the day ``on`` of a list as of a past day."""
    today = on or timezone.localdate()
    rows = "\n".join(_party_row(party, list_url, today) for party in parties)
    return mark_safe(rows)  # noqa: S308 (each row is escaped by format_html)


def _party_row(party: dict, list_url: str, today) -> str:
    return format_html(
        PARTY_ROW,
        list_url,
        party["pk"],
        party["name"],
        mark_safe("".join(format_html(TAG, tag) for tag in party["tags"])),  # noqa: S308
        ", ".join(PARTY_TYPE_LABELS.get(value, value) for value in party["types"]),
        TIER_LABELS.get(party["tier"], party["tier"]),
        STATUS_LABELS.get(party["status"], party["status"]),
        party["owner__full_name"] or party["owner__email"] or "—",
        party["influence"],
        party["interest"],
        due_date(party["next_review_due"], today, pending=party["status"] != INACTIVE),
    )


@register.simple_tag
def review_due(party: Party):
    """When the party is next reviewed, marked when that is past; a dash if it is not."""
    # As Party.review_overdue: due before today in the organisation's time zone.
    pending = party.status != INACTIVE
    return due_date(party.next_review_due, timezone.localdate(), pending=pending)
