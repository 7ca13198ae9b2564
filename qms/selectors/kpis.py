"""The KPIs as the home page shows them: the figure now with its drill-down, a sparkline of
the last months and the target of the quality objective set on it for today."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from qms.models import QualityObjective
from qms.selectors.periods import current_month, last_months
from relmgmt import policy
from relmgmt.core import extensions
from relmgmt.core.dates import organization_today
from relmgmt.core.extensions import Kpi, KpiReading

if TYPE_CHECKING:
    from relmgmt.tenancy.models import Organization

WIDTH, HEIGHT, PAD = 120, 32, 3


@dataclass(frozen=True)
class Sparkline:
    points: str  # the polyline's points attribute
    target_y: float | None  # the target's line, when within the drawn range
    labels: list[str]
    values: list[float | None]

    @property
    def description(self) -> str:
        return "; ".join(
            f"{label} {'no data' if value is None else value}"
            for label, value in zip(self.labels, self.values, strict=True)
        )


@dataclass(frozen=True)
class KpiTile:
    kpi: Kpi
    reading: KpiReading
    target: Decimal | None
    sparkline: Sparkline | None

    @property
    def on_target(self) -> bool | None:
        return meets(self.kpi, self.reading.value, self.target)


def meets(kpi: Kpi, value: float | None, target: Decimal | None) -> bool | None:
    if value is None or target is None:
        return None
    return value >= float(target) if kpi.better == "higher" else value <= float(target)


def kpi_choices() -> list[tuple[str, str]]:
    """The KPIs an objective may be set on: those measured over a period."""
    return [(kpi.key, kpi.label) for kpi in extensions.kpis if kpi.measure is not None]


def kpi_label(key: str) -> str:
    kpi = extensions.kpis.get(key)
    return kpi.label if kpi else key


def reading_of(kpi: Kpi, request: Any) -> KpiReading:
    if kpi.current is not None:
        return kpi.current(request)
    assert kpi.measure is not None
    start, end = current_month(request.organization)
    return KpiReading(kpi.measure(request.organization, start, end))


def sparkline(
    values: list[float | None], labels: list[str], target: Decimal | None
) -> Sparkline | None:
    known = [value for value in values if value is not None]
    if not known:
        return None
    span = [*known, float(target)] if target is not None else known
    low, high = min(span), max(span)
    scale = (high - low) or 1.0

    def y(value: float) -> float:
        return round(HEIGHT - PAD - (value - low) / scale * (HEIGHT - 2 * PAD), 1)

    step = (WIDTH - 2 * PAD) / max(len(values) - 1, 1)
    points = " ".join(
        f"{round(PAD + index * step, 1)},{y(value)}"
        for index, value in enumerate(values)
        if value is not None
    )
    return Sparkline(points, y(float(target)) if target is not None else None, labels, values)


def current_targets(organization: Organization, today: date) -> dict[str, Decimal]:
    """The target of each KPI's objective running today (the latest-ending one wins)."""
    rows = (
        QualityObjective.objects.filter(
            organization=organization, period_start__lte=today, period_end__gte=today
        )
        .order_by("period_end", "id")
        .values_list("kpi", "target")
    )
    return dict(rows)


def home_tiles(request: Any) -> list[KpiTile]:
    organization = request.organization
    targets = current_targets(organization, organization_today(organization))
    months = last_months(organization)
    labels = [start.strftime("%b %Y") for start, _end in months]
    tiles = []
    for kpi in extensions.kpis:
        if not policy.can(request.membership, kpi.permission):
            continue
        target = targets.get(kpi.key)
        line = None
        if kpi.measure is not None:
            values = [kpi.measure(organization, start, end) for start, end in months]
            line = sparkline(values, labels, target)
        tiles.append(KpiTile(kpi, reading_of(kpi, request), target, line))
    return tiles
