"""Reads of the complaints register: the list, one complaint with its timeline, the
service level timers, and the figures (counts by category, median times to acknowledge and
resolve, the share within the service level, the reopen rate) for the list page and for
any other app."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from statistics import median
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from feedback.models import Complaint, ComplaintEvent
from feedback.models.complaints import OPEN_STATES, Category

if TYPE_CHECKING:
    from relmgmt.tenancy.models import Organization


def complaints(*, organization: Organization) -> QuerySet[Complaint]:
    return (
        Complaint.objects.filter(organization=organization)
        .select_related("party", "owner")
        .order_by("-received_at", "-id")
    )


def complaint_detail(*, organization: Organization) -> QuerySet[Complaint]:
    return Complaint.objects.filter(organization=organization).select_related(
        "party", "contact", "owner"
    )


def timeline(*, organization: Organization, complaint: Complaint) -> QuerySet[ComplaintEvent]:
    return ComplaintEvent.objects.filter(
        organization=organization, complaint=complaint
    ).select_related("actor")


def overdue_q(now: datetime) -> Q:
    """Complaints past a deadline they have not met yet."""
    return Q(state="received", acknowledge_due_at__lt=now) | Q(
        state__in=OPEN_STATES, resolve_due_at__lt=now
    )


@dataclass(frozen=True)
class Timer:
    label: str
    due_at: datetime
    met_at: datetime | None
    late: bool
    remaining: timedelta | None  # while running

    @property
    def state(self) -> str:
        if self.met_at is not None:
            return "late" if self.late else "met"
        return "breached" if self.late else "running"


def timers(complaint: Complaint, now: datetime | None = None) -> list[Timer]:
    """The complaint's two service level clocks: to acknowledge, to resolve."""
    now = now or timezone.now()
    result = []
    acknowledged = complaint.acknowledged_at
    if acknowledged is not None or complaint.state in OPEN_STATES:
        result.append(_timer("Acknowledge", complaint.acknowledge_due_at, acknowledged, now))
    if complaint.state in OPEN_STATES or complaint.resolved_at is not None:
        result.append(_timer("Resolve", complaint.resolve_due_at, complaint.resolved_at, now))
    return result


def _timer(label: str, due: datetime, met: datetime | None, now: datetime) -> Timer:
    if met is not None:
        return Timer(label, due, met, met > due, None)
    return Timer(label, due, None, now > due, due - now if now <= due else None)


@dataclass(frozen=True)
class Figures:
    total: int
    by_category: list[tuple[str, int]]
    median_acknowledge_hours: float | None
    median_resolve_days: float | None
    within_level_share: float | None  # of complaints resolved (or due), the share on time
    reopen_rate: float | None  # of complaints ever resolved, the share reopened
    overdue: int


def figures(*, organization: Organization, queryset: QuerySet[Complaint] | None = None) -> Figures:
    """The register's figures over ``queryset`` (default: every complaint). Two queries."""
    queryset = (
        queryset if queryset is not None else Complaint.objects.filter(organization=organization)
    )
    now = timezone.now()
    labels = dict(Category.choices)
    counts = {
        row["category"]: row["n"]
        for row in queryset.order_by().values("category").annotate(n=Count("id"))
    }
    rows = list(
        queryset.order_by().values_list(
            "received_at",
            "acknowledged_at",
            "acknowledge_due_at",
            "resolved_at",
            "resolve_due_at",
            "reopen_count",
            "state",
        )
    )
    acknowledge_hours = [
        (ack - received).total_seconds() / 3600 for received, ack, *_ in rows if ack is not None
    ]
    resolve_days = [
        (resolved - received).total_seconds() / 86400
        for received, _a, _ad, resolved, *_ in rows
        if resolved is not None
    ]
    judged = on_time = 0
    for _r, _a, _ad, resolved, due, _n, state in rows:
        if resolved is not None:
            judged += 1
            on_time += resolved <= due
        elif state in OPEN_STATES and now > due:
            judged += 1
    ever_resolved = [n for _r, _a, _ad, resolved, _d, n, state in rows if resolved or n]
    reopened = sum(1 for n in ever_resolved if n)
    overdue = sum(
        1
        for _r, ack, ack_due, _res, due, _n, state in rows
        if (state == "received" and now > ack_due) or (state in OPEN_STATES and now > due)
    )
    return Figures(
        total=len(rows),
        by_category=[(labels[key], counts[key]) for key in labels if key in counts],
        median_acknowledge_hours=round(median(acknowledge_hours), 1) if acknowledge_hours else None,
        median_resolve_days=round(median(resolve_days), 1) if resolve_days else None,
        within_level_share=round(100 * on_time / judged, 1) if judged else None,
        reopen_rate=round(100 * reopened / len(ever_resolved), 1) if ever_resolved else None,
        overdue=overdue,
    )


def open_count(*, organization: Organization) -> dict:
    now = timezone.now()
    base = Complaint.objects.filter(organization=organization, state__in=OPEN_STATES)
    return base.aggregate(open=Count("id"), overdue=Count("id", filter=overdue_q(now)))
