"""The supplier register's rows and badges, rendered in Python.

The supplier list, like the party list, formats its 25 rows in one pass from dictionaries
(``suppliers.selectors.register.SUPPLIER_LIST_COLUMNS`` and ``supplier_list_marks``) rather than
through the template engine; the badges are the same on the supplier's page and the ASL.
"""

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.utils.safestring import mark_safe

from relmgmt.core.dates import organization_today
from relmgmt.core.html import due_date, format_html
from suppliers.models.register import ApprovalStatus, Category, Criticality
from suppliers.models.scorecards import Standing
from suppliers.selectors.certificates import certificate_gaps

register = template.Library()

SUPPLIER_ROW = (
    '<tr><td class="nowrap">{}</td><td><a href="{}{}/">{}</a></td><td>{}</td><td>{}</td>'
    '<td>{}</td><td>{}</td><td class="nowrap">{}</td><td>{}</td><td class="nowrap">{}</td></tr>'
)
CATEGORY_LABELS = dict(Category.choices)
CRITICALITY_LABELS = dict(Criticality.choices)
STATUS_LABELS = dict(ApprovalStatus.choices)
DISQUALIFIED = ApprovalStatus.DISQUALIFIED
# How each approval status looks: good, to watch, or bad.
STATUS_BADGES = {
    ApprovalStatus.APPROVED: "badge ok",
    ApprovalStatus.CONDITIONALLY_APPROVED: "badge warn",
    ApprovalStatus.UNDER_EVALUATION: "badge warn",
    ApprovalStatus.SUSPENDED: "badge bad",
    ApprovalStatus.DISQUALIFIED: "badge bad",
}
STANDING_LABELS = dict(Standing.choices)
STANDING_BADGES = {
    Standing.EXCELLENT: "badge ok",
    Standing.GOOD: "badge ok",
    Standing.NEEDS_IMPROVEMENT: "badge warn",
    Standing.POOR: "badge bad",
}
GAP = (
    '<span class="badge bad" title="A certificate this organisation requires of suppliers">'
    "{}</span> "
)


@register.simple_tag(takes_context=True)
def supplier_rows(context, suppliers, list_url: str, on=None):
    """The supplier list's table rows; a supplier's page is ``list_url`` and its id. Due
    dates are read against the organisation's today, or the day ``on`` of a list as of a
    past day."""
    organization = getattr(context.get("request"), "organization", None)
    today = organization_today(organization) if organization else timezone.localdate()
    today = on or today
    rows = "\n".join(_supplier_row(supplier, list_url, today) for supplier in suppliers)
    return mark_safe(rows)  # noqa: S308 (each row is escaped by format_html)


def _supplier_row(supplier: dict, list_url: str, today) -> str:
    status = supplier["status"]
    return format_html(
        SUPPLIER_ROW,
        supplier["code"],
        list_url,
        supplier["pk"],
        supplier["party__name"],
        categories_cell(supplier),
        CRITICALITY_LABELS.get(supplier["criticality"], supplier["criticality"]),
        status_badge(status, STATUS_LABELS.get(status, status)),
        certificate_gap_badges(certificate_gaps(status, supplier)),
        standing_cell(supplier, list_url),
        supplier["owner__full_name"] or supplier["owner__email"] or "—",
        due_date(supplier["next_evaluation_due"], today, pending=status != DISQUALIFIED),
    )


def categories_cell(supplier: dict) -> str:
    """What the supplier supplies, flagged where the category is single-source with it, and
    why (the continuity marks of ``supplier_list_marks``)."""
    labels = ", ".join(CATEGORY_LABELS.get(value, value) for value in supplier["categories"])
    sole = supplier.get("single_source") or []
    if not sole:
        return labels
    return format_html(
        '{} <span class="badge warn">single source: {}</span>', labels, single_source_text(supplier)
    )


def single_source_text(supplier: dict) -> str:
    """The categories single-source with the supplier and why: "Tooling and equipment (one
    approved source), Packaging (85% of 2025 spend with S-001)"."""
    reasons = supplier.get("single_source_reasons") or {}
    return ", ".join(
        f"{CATEGORY_LABELS.get(value, value)} ({reasons[value]})"
        if reasons.get(value)
        else CATEGORY_LABELS.get(value, value)
        for value in supplier.get("single_source") or []
    )


def standing_cell(supplier: dict, list_url: str) -> str:
    """The standing of the supplier's latest scored period, linking to its scorecard."""
    standing = supplier.get("latest_standing")
    if not standing:
        return format_html('<span class="muted">{}</span>', "No data")
    return format_html(
        '<a href="{}{}/scorecard/"><span class="{}">{}</span></a> <small class="muted">{}</small>',
        list_url,
        supplier["pk"],
        STANDING_BADGES.get(standing, "badge"),
        STANDING_LABELS.get(standing, standing),
        date_format(supplier["latest_period"], "M Y"),
    )


@register.simple_tag
def status_badge(status: str, label: str):
    return format_html('<span class="{}">{}</span>', STATUS_BADGES.get(status, "badge"), label)


@register.simple_tag
def certificate_gap_badges(gaps):
    """The required certificates a supplier lacks or holds only expired."""
    return mark_safe("".join(format_html(GAP, gap.label) for gap in gaps))  # noqa: S308


@register.filter
def standing_label(standing: str) -> str:
    """A standing's label (a value read without its model, like a score of now)."""
    return STANDING_LABELS.get(standing, "No data") if standing else "No data"
