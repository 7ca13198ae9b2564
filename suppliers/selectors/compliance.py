"""Contract compliance: for each agreement and quarter of its period (to today while it
runs), its service levels met or missed (from the supplier's deliveries received in the
quarter, and the complaints naming the supplier where a level counts them), and the
disputes opened and closed; and the frequency of disputes per supplier over a period."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet

from relmgmt.core.dates import organization_today
from suppliers.models import Agreement, Supplier
from suppliers.models.agreements import DisputeStatus, ServiceLevelMetric
from suppliers.selectors.agreements import (
    LevelComparison,
    LevelResult,
    complaint_days,
    delivery_actuals,
    level_results,
    period_deliveries,
    service_level_comparison,
)

if TYPE_CHECKING:
    from relmgmt.tenancy.models import Organization

OPEN_DISPUTE = (DisputeStatus.OPEN, DisputeStatus.ESCALATED)


@dataclass
class PeriodCompliance:
    starts_on: date
    ends_on: date
    deliveries: int
    complaints: int
    results: list[LevelResult]
    disputes_opened: int
    disputes_closed: int

    @property
    def label(self) -> str:
        return f"{self.starts_on.year} Q{(self.starts_on.month - 1) // 3 + 1}"

    @property
    def met(self) -> int:
        return sum(1 for result in self.results if result.met is True)

    @property
    def missed(self) -> int:
        return sum(1 for result in self.results if result.met is False)


def quarters(start: date, end: date) -> list[tuple[date, date]]:
    """The calendar quarters from ``start`` to ``end``, the first and last cut to them."""
    periods = []
    first = date(start.year, 3 * ((start.month - 1) // 3) + 1, 1)
    while first <= end:
        month = first.month + 3
        following = date(first.year + (month > 12), (month - 1) % 12 + 1, 1)
        periods.append((max(first, start), min(following - timedelta(days=1), end)))
        first = following
    return periods


def agreement_performance(
    *, organization: Organization, agreement: Agreement, today: date | None = None
) -> tuple[LevelComparison, list[PeriodCompliance]]:
    """The agreement's page: its service levels over its period and per quarter, from one
    read of the deliveries and one of the complaints."""
    today = today or organization_today(organization)
    end = min(agreement.ends_on, today)
    rows = period_deliveries(organization=organization, agreement=agreement, end=end)
    party_id = agreement.supplier.party_id
    complaints = complaint_days(organization, party_id, agreement.starts_on, end)
    comparison = service_level_comparison(
        organization=organization,
        agreement=agreement,
        today=today,
        rows=rows,
        complaints=complaints,
    )
    periods = agreement_compliance(
        organization=organization,
        agreement=agreement,
        today=today,
        rows=rows,
        complaints=complaints,
    )
    return comparison, periods


def agreement_compliance(
    *,
    organization: Organization,
    agreement: Agreement,
    today: date | None = None,
    rows: list | None = None,
    complaints: list | None = None,
) -> list[PeriodCompliance]:
    """Per quarter of the agreement's period, oldest first. Three queries whatever the
    number of quarters: the deliveries, the complaints, the disputes (none when given, as
    ``agreement_performance`` does, or prefetched)."""
    today = today or organization_today(organization)
    end = min(agreement.ends_on, today)
    if end < agreement.starts_on:
        return []
    if rows is None:
        rows = period_deliveries(organization=organization, agreement=agreement, end=end)
    levels = list(agreement.service_levels.all())
    counts_complaints = any(level.metric == ServiceLevelMetric.COMPLAINTS for level in levels)
    if complaints is None:
        party_id = agreement.supplier.party_id
        complaints = complaint_days(organization, party_id, agreement.starts_on, end)
    disputes = list(agreement.disputes.all())
    periods = []
    for first, last in quarters(agreement.starts_on, end):
        actual = delivery_actuals([row for row in rows if first <= row[0] <= last])
        in_period = sum(1 for day in complaints if first <= day <= last)
        if counts_complaints:
            actual[ServiceLevelMetric.COMPLAINTS] = float(in_period)
        periods.append(
            PeriodCompliance(
                starts_on=first,
                ends_on=last,
                deliveries=sum(1 for row in rows if first <= row[0] <= last),
                complaints=in_period,
                results=level_results(levels, actual),
                disputes_opened=sum(1 for d in disputes if first <= d.raised_on <= last),
                disputes_closed=sum(
                    1 for d in disputes if d.closed_on and first <= d.closed_on <= last
                ),
            )
        )
    return periods


def dispute_frequency(*, organization: Organization, start: date, end: date) -> QuerySet[Supplier]:
    """Suppliers with an agreement, each annotated with its disputes opened and closed from
    ``start`` to ``end`` and those open now: one query."""
    mine = Q(agreements__disputes__organization=organization)
    return (
        Supplier.objects.filter(organization=organization, agreements__isnull=False)
        .select_related("party")
        .annotate(
            disputes_opened=Count(
                "agreements__disputes",
                filter=mine
                & Q(agreements__disputes__raised_on__gte=start)
                & Q(agreements__disputes__raised_on__lte=end),
                distinct=True,
            ),
            disputes_closed=Count(
                "agreements__disputes",
                filter=mine
                & Q(agreements__disputes__closed_on__gte=start)
                & Q(agreements__disputes__closed_on__lte=end),
                distinct=True,
            ),
            disputes_open=Count(
                "agreements__disputes",
                filter=mine & Q(agreements__disputes__status__in=OPEN_DISPUTE),
                distinct=True,
            ),
            agreement_count=Count("agreements", distinct=True),
        )
        .order_by("-disputes_opened", "code")
    )


COMPLIANCE_HEADERS = [
    "Agreement",
    "Supplier",
    "Period",
    "From",
    "To",
    "Deliveries",
    "Complaints",
    "Service levels met",
    "Service levels missed",
    "Missed",
    "Disputes opened",
    "Disputes closed",
]


def compliance_table(
    *, organization: Organization, agreements: list[Agreement], today: date | None = None
) -> list[list]:
    """Every agreement's quarters as rows of one table (the export)."""
    table = []
    for agreement in agreements:
        for period in agreement_compliance(
            organization=organization, agreement=agreement, today=today
        ):
            table.append(
                [
                    agreement.contract_reference,
                    agreement.supplier.code,
                    period.label,
                    period.starts_on.isoformat(),
                    period.ends_on.isoformat(),
                    period.deliveries,
                    period.complaints,
                    period.met,
                    period.missed,
                    "; ".join(r.level.measure for r in period.results if r.met is False),
                    period.disputes_opened,
                    period.disputes_closed,
                ]
            )
    return table
