"""Reads of agreements with suppliers that the pages and the API share, each given the
organisation and already joined."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Count, Prefetch, Q, QuerySet

from relmgmt.core import extensions
from relmgmt.core.dates import organization_today
from suppliers.models import (
    Agreement,
    Delivery,
    Dispute,
    ServiceLevel,
)
from suppliers.models.agreements import DisputeStatus, ServiceLevelMetric

if TYPE_CHECKING:
    from relmgmt.tenancy.models import Organization


def agreements(*, organization: Organization) -> QuerySet[Agreement]:
    return (
        Agreement.objects.filter(organization=organization)
        .select_related("supplier__party", "supplier__owner")
        .annotate(
            open_disputes=Count(
                "disputes",
                filter=Q(
                    disputes__status__in=[DisputeStatus.OPEN, DisputeStatus.ESCALATED],
                    disputes__organization=organization,
                ),
            )
        )
        .order_by("ends_on", "id")
    )


def agreements_full(*, organization: Organization) -> QuerySet[Agreement]:
    return agreements(organization=organization).prefetch_related(
        Prefetch("service_levels", queryset=ServiceLevel.objects.filter(organization=organization)),
        Prefetch("disputes", queryset=Dispute.objects.filter(organization=organization)),
    )


# --- Service levels against the deliveries of the agreement's period ---------------------


@dataclass
class LevelResult:
    """A service level with the value the deliveries of the period give, and whether the
    target is met (None: not measured from deliveries, or no delivery to measure)."""

    level: ServiceLevel
    actual: float | None
    met: bool | None

    @property
    def compared(self) -> bool:
        return bool(self.level.metric)


@dataclass
class LevelComparison:
    starts_on: date
    ends_on: date
    deliveries: int
    results: list[LevelResult]


def delivery_actuals(rows: list) -> dict[str, float | None]:
    """What the deliveries ``rows`` (received, promised, ordered, received, rejected) give
    for each metric: on time in full (%), rejected units per million, mean days late."""
    actual: dict[str, float | None] = dict.fromkeys(ServiceLevelMetric.values)
    if rows:
        on_time_in_full = sum(
            1
            for received, promised, ordered, got, _rejected in rows
            if received <= promised and got >= ordered
        )
        received_units = sum(float(got) for _, _, _, got, _ in rows)
        rejected_units = sum(float(rejected) for *_, rejected in rows)
        actual[ServiceLevelMetric.OTIF] = 100.0 * on_time_in_full / len(rows)
        actual[ServiceLevelMetric.DEFECT_PPM] = (
            1_000_000.0 * rejected_units / received_units if received_units else None
        )
        actual[ServiceLevelMetric.DAYS_LATE] = sum(
            max(0, (received - promised).days) for received, promised, *_ in rows
        ) / len(rows)
    return actual


def complaint_days(organization: Organization, party_id: int, start: date, end: date) -> list:
    """The days of the complaints naming the party in the period, from the app that keeps
    complaints (``party_events`` "complaints"); empty without it."""
    for source in extensions.party_events:
        if source.key == "complaints":
            return list(source.dates(organization, party_id, start, end))
    return []


def complaint_count(organization: Organization, party_id: int, start: date, end: date) -> float:
    return float(len(complaint_days(organization, party_id, start, end)))


def level_results(levels: list[ServiceLevel], actual: dict) -> list[LevelResult]:
    """Each level against the actual value of its metric: met, missed, or None (not
    measured, or nothing to measure)."""
    results = []
    for level in levels:
        value = actual.get(level.metric) if level.metric else None
        met = None
        if value is not None:
            target = float(level.target)
            met = value >= target if level.metric in AT_LEAST else value <= target
        results.append(LevelResult(level=level, actual=value, met=met))
    return results


# A target is a floor for these, a ceiling for the others.
AT_LEAST = {ServiceLevelMetric.OTIF}


def period_deliveries(*, organization: Organization, agreement: Agreement, end: date) -> list:
    """What the agreement's measures read of each delivery of its supplier received from
    its start to ``end``."""
    return list(
        Delivery.objects.filter(
            organization=organization,
            supplier_id=agreement.supplier_id,
            received_date__gte=agreement.starts_on,
            received_date__lte=end,
        ).values_list(
            "received_date", "promised_date", "quantity_ordered", "quantity_received",
            "quantity_rejected",
        )
    )  # fmt: skip


def service_level_comparison(
    *,
    organization: Organization,
    agreement: Agreement,
    today: date | None = None,
    rows: list | None = None,
    complaints: list | None = None,
) -> LevelComparison:
    """The agreement's service levels against its supplier's deliveries received in the
    agreement's period (its start to its end, or to today while it runs): on time (by the
    promised date) and in full, rejected units per million, mean days late; and the
    complaints naming the supplier, where a level counts them. One query for the
    deliveries (and one for the complaints), whatever the number of levels; none when
    they are given (``rows`` from ``period_deliveries``, ``complaints`` their days)."""
    today = today or organization_today(organization)
    ends_on = min(agreement.ends_on, today)
    if rows is None:
        rows = period_deliveries(organization=organization, agreement=agreement, end=ends_on)
    levels = list(agreement.service_levels.all())
    actual = delivery_actuals(rows)
    if any(level.metric == ServiceLevelMetric.COMPLAINTS for level in levels):
        actual[ServiceLevelMetric.COMPLAINTS] = (
            complaint_count(organization, agreement.supplier.party_id, agreement.starts_on, ends_on)
            if complaints is None
            else float(len(complaints))
        )
    results = level_results(levels, actual)
    return LevelComparison(
        starts_on=agreement.starts_on, ends_on=ends_on, deliveries=len(rows), results=results
    )
