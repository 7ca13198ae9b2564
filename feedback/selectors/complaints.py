"""Reads of the complaints register: the list, one complaint with its timeline, the
service level timers, and the figures (counts by category, median times to acknowledge and
resolve, the share within the service level, the reopen rate) for the list page and for
any other app."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, QuerySet
from django.utils import timezone

from feedback.models import Complaint, ComplaintEvent
from feedback.models.complaints import OPEN_STATES, Category
from relmgmt.core.remembered import remembered as kept
from relmgmt.core.remembered import rows_key, this_minute

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


# What the clocks are read from: a complaint's fields, or a list's row of them.
CLOCK_FIELDS = ("state", "acknowledged_at", "acknowledge_due_at", "resolved_at", "resolve_due_at")
# What a row of the list shows (``complaint_rows``), read as dictionaries.
COMPLAINT_LIST_COLUMNS = (
    "reference",
    "received_at",
    "party_id",
    "party__name",
    "new_party_name",
    "complainant_name",
    "subject",
    "category",
    "severity",
    *CLOCK_FIELDS,
)


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
    return clocks({name: getattr(complaint, name) for name in CLOCK_FIELDS}, now or timezone.now())


def clocks(fields: dict, now: datetime) -> list[Timer]:
    result = []
    acknowledged, state = fields["acknowledged_at"], fields["state"]
    if acknowledged is not None or state in OPEN_STATES:
        result.append(_timer("Acknowledge", fields["acknowledge_due_at"], acknowledged, now))
    if state in OPEN_STATES or fields["resolved_at"] is not None:
        result.append(_timer("Resolve", fields["resolve_due_at"], fields["resolved_at"], now))
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
    # Of the complaints resolved, or open past their deadline, the share resolved in time.
    within_level_share: float | None
    reopen_rate: float | None  # of complaints ever resolved, the share reopened
    overdue: int


def figures(*, organization: Organization, queryset: QuerySet[Complaint] | None = None) -> Figures:
    """The register's figures over ``queryset`` (default: every complaint), computed in the
    database: a constant handful of queries whatever the number of complaints (one for the
    counts, those by category among them, and one or two rows read for each median)."""
    queryset = (
        queryset if queryset is not None else Complaint.objects.filter(organization=organization)
    ).order_by()
    now = timezone.now()
    resolved = Q(resolved_at__isnull=False)
    labels = dict(Category.choices)
    by_category = {
        f"category_{index}": Count("id", filter=Q(category=key)) for index, key in enumerate(labels)
    }
    counts = queryset.aggregate(
        **by_category,
        total=Count("id"),
        acknowledged=Count("id", filter=Q(acknowledged_at__isnull=False)),
        resolved=Count("id", filter=resolved),
        on_time=Count("id", filter=resolved & Q(resolved_at__lte=F("resolve_due_at"))),
        late_open=Count("id", filter=Q(state__in=OPEN_STATES, resolve_due_at__lt=now)),
        ever_resolved=Count("id", filter=resolved | Q(reopen_count__gt=0)),
        reopened=Count("id", filter=Q(reopen_count__gt=0)),
        overdue=Count("id", filter=overdue_q(now)),
    )
    acknowledge = _median(
        queryset.filter(acknowledged_at__isnull=False),
        F("acknowledged_at") - F("received_at"),
        counts["acknowledged"],
    )
    resolve = _median(
        queryset.filter(resolved), F("resolved_at") - F("received_at"), counts["resolved"]
    )
    judged = counts["resolved"] + counts["late_open"]
    return Figures(
        total=counts["total"],
        by_category=[
            (label, counts[f"category_{index}"])
            for index, label in enumerate(labels.values())
            if counts[f"category_{index}"]
        ],
        median_acknowledge_hours=round(acknowledge.total_seconds() / 3600, 1)
        if acknowledge is not None
        else None,
        median_resolve_days=round(resolve.total_seconds() / 86400, 1)
        if resolve is not None
        else None,
        within_level_share=round(100 * counts["on_time"] / judged, 1) if judged else None,
        reopen_rate=round(100 * counts["reopened"] / counts["ever_resolved"], 1)
        if counts["ever_resolved"]
        else None,
        overdue=counts["overdue"],
    )


def figures_remembered(*, organization: Organization, queryset: QuerySet[Complaint]) -> Figures:
    """``figures`` over ``queryset``, remembered while the organisation's records stay as
    they are and within the same minute (what is overdue moves with the clock): a page of a
    list of 100,000 complaints does not scan them all again each time it is shown."""
    return remembered("complaint-figures", figures, organization=organization, queryset=queryset)


def remembered(kind: str, compute: Any, *, organization: Organization, queryset: QuerySet) -> Any:
    """``compute(organization=, queryset=)`` remembered as ``figures_remembered`` says."""
    return kept(
        f"{kind}:{rows_key(queryset)}",
        organization,
        lambda: compute(organization=organization, queryset=queryset),
        moment=this_minute(),
    )


def _median(queryset: QuerySet[Complaint], duration: Any, count: int) -> timedelta | None:
    """The median of ``duration`` over ``count`` rows: the middle row, or the mean of the
    middle two, in the order of the duration; one query, whatever the count."""
    ordered = queryset.annotate(
        duration=ExpressionWrapper(duration, output_field=DurationField())
    ).order_by("duration")
    low = max((count - 1) // 2, 0)
    high = count // 2
    values = list(ordered.values_list("duration", flat=True)[low : high + 1])
    if not values:
        return None
    return sum(values, timedelta()) / len(values)


def open_count(*, organization: Organization) -> dict:
    """The home page tile's counts: open complaints, and those past their service level."""
    now = timezone.now()
    base = Complaint.objects.filter(organization=organization, state__in=OPEN_STATES)
    return base.aggregate(
        complaints_open=Count("id"), complaints_overdue=Count("id", filter=overdue_q(now))
    )


def complaint_days(organization: Organization, party_id: int, start: date, end: date) -> list[date]:
    """The days (in the organisation's time zone) the complaints naming the party were
    received from ``start`` to ``end``: what a supplier's contract compliance counts
    (registered as ``party_events`` "complaints")."""
    zone = ZoneInfo(organization.timezone)
    first = datetime.combine(start, time.min, tzinfo=zone)
    after = datetime.combine(end + timedelta(days=1), time.min, tzinfo=zone)
    received = Complaint.objects.filter(
        organization=organization, party_id=party_id, received_at__gte=first, received_at__lt=after
    ).values_list("received_at", flat=True)
    return [moment.astimezone(zone).date() for moment in received]
