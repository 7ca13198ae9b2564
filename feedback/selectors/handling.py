"""Complaint handling figures (ISO 10002): first-contact resolution and the average time to
resolve, overall and per category and per channel, over the complaints a filter selects.

A complaint is resolved at first contact when it went from acknowledged straight to
resolved: never investigated and never reopened (a reopening goes through investigation,
so either leaves a mark in its timeline). The rate is over the complaints resolved now
(resolved or closed after a resolution). The average time to resolve is the mean from
receipt to resolution over the same complaints, in days.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from django.db.models import (
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    QuerySet,
    Sum,
)

from feedback.models import Complaint, ComplaintEvent
from feedback.models.complaints import Category, Channel, State

if TYPE_CHECKING:
    from relmgmt.tenancy.models import Organization


def investigated() -> Exists:
    """Whether the complaint was ever investigated (reopenings included)."""
    return Exists(
        ComplaintEvent.objects.filter(
            organization=OuterRef("organization"),
            complaint=OuterRef("pk"),
            to_state=State.INVESTIGATING,
        )
    )


def first_contact_q() -> Q:
    """The complaints resolved at first contact: resolved now, never investigated, never
    reopened."""
    return Q(resolved_at__isnull=False, reopen_count=0) & ~Q(investigated())


def first_contact_counted_q(organization: Organization) -> Q:
    """``first_contact_q`` for counting over many complaints of ``organization`` (the
    figures): the complaints ever investigated are read once and looked up by id, rather
    than sought in the timeline for every complaint counted (which also made the query
    look costly enough for the database to compile it first, taking longer still)."""
    ever_investigated = ComplaintEvent.objects.filter(
        organization=organization, to_state=State.INVESTIGATING
    ).values("complaint_id")
    return Q(resolved_at__isnull=False, reopen_count=0) & ~Q(pk__in=ever_investigated)


RESOLVE_TIME = ExpressionWrapper(F("resolved_at") - F("received_at"), output_field=DurationField())


@dataclass(frozen=True)
class HandlingRow:
    key: str
    label: str
    resolved: int
    first_contact: int
    first_contact_rate: float | None  # percent of ``resolved``
    mean_resolve_days: float | None
    total: timedelta = timedelta()  # the resolution times summed


@dataclass(frozen=True)
class Handling:
    overall: HandlingRow
    by_category: list[HandlingRow]
    by_channel: list[HandlingRow]


def _rows(
    organization: Organization, queryset: QuerySet[Complaint], field: str, labels: dict
) -> list[HandlingRow]:
    """One grouped query: per value of ``field``, the resolved complaints, those resolved
    at first contact, and their resolution times summed (the mean is taken from the sum,
    so that the overall row is exact, not a mean of means)."""
    grouped = (
        queryset.filter(resolved_at__isnull=False)
        .order_by()
        .values(field)
        .annotate(
            resolved=Count("id"),
            first_contact=Count("id", filter=first_contact_counted_q(organization)),
            duration=Sum(RESOLVE_TIME),
        )
    )
    found = {row[field]: row for row in grouped}
    return [
        _row(key, label, found[key]["resolved"], found[key]["first_contact"],
             found[key]["duration"])
        for key, label in labels.items()
        if key in found
    ]  # fmt: skip


def handling(
    *, organization: Organization, queryset: QuerySet[Complaint] | None = None
) -> Handling:
    """The handling figures over ``queryset`` (default: every complaint), of
    ``organization``: two grouped queries, whatever the number of complaints."""
    queryset = (
        queryset if queryset is not None else Complaint.objects.filter(organization=organization)
    )
    by_category = _rows(organization, queryset, "category", dict(Category.choices))
    by_channel = _rows(organization, queryset, "channel", dict(Channel.choices))
    resolved = sum(row.resolved for row in by_channel)
    first = sum(row.first_contact for row in by_channel)
    total = sum((row.total for row in by_channel), timedelta())
    return Handling(
        overall=_row("", "All", resolved, first, total),
        by_category=by_category,
        by_channel=by_channel,
    )


def _row(key: str, label: str, resolved: int, first: int, total: timedelta | None) -> HandlingRow:
    total = total or timedelta()
    return HandlingRow(
        key=key,
        label=label,
        resolved=resolved,
        first_contact=first,
        first_contact_rate=round(100 * first / resolved, 1) if resolved else None,
        mean_resolve_days=round(total.total_seconds() / 86400 / resolved, 2) if resolved else None,
        total=total,
    )


HANDLING_HEADERS = [
    "By",
    "Value",
    "Resolved",
    "Resolved at first contact",
    "First-contact resolution (%)",
    "Average days to resolve",
]


def handling_table(figures: Handling) -> tuple[list[str], list[list]]:
    """The figures as one table (the export): the overall row, then per category, then per
    channel."""
    rows = [["All", "All", *_cells(figures.overall)]]
    rows += [["Category", row.label, *_cells(row)] for row in figures.by_category]
    rows += [["Channel", row.label, *_cells(row)] for row in figures.by_channel]
    return HANDLING_HEADERS, rows


def _cells(row: HandlingRow) -> list:
    return [
        row.resolved,
        row.first_contact,
        "" if row.first_contact_rate is None else row.first_contact_rate,
        "" if row.mean_resolve_days is None else row.mean_resolve_days,
    ]
