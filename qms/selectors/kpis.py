"""The KPIs as the home page shows them: the figure now with its drill-down, a sparkline of
the last months and the target of the quality objective set on it for today."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.cache import cache

from qms.models import QualityObjective
from qms.selectors.periods import current_month, last_months
from relmgmt import policy
from relmgmt.core import extensions
from relmgmt.core.dates import organization_today
from relmgmt.core.extensions import Kpi, KpiReading
from relmgmt.core.remembered import records_state

if TYPE_CHECKING:
    from relmgmt.tenancy.models import Organization

WIDTH, HEIGHT, PAD = 120, 32, 3
# The figures' key changes with every change of a record; the timeout only frees the space.
CACHE_SECONDS = 2 * 24 * 3600


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


def figures_key(organization: Organization, today: date, what: str = "kpis") -> str:
    """The cache key of figures of the home read from the data as it stands today."""
    return f"qms:figures:{what}:{organization.pk}:{records_state(organization)}:{today}"


def home_tiles(request: Any) -> list[KpiTile]:
    """Each KPI the member may see, as a tile. Its figures (the reading, the sparkline's
    values, the target) are kept in the cache under the organisation's figures version and
    the day: a change of any record, or a new day, reads them again; ``live`` KPIs are read
    at every view."""
    organization = request.organization
    today = organization_today(organization)
    key = figures_key(organization, today)
    figures: dict[str, Any] = cache.get(key) or {}
    changed = False
    if "targets" not in figures:
        figures["targets"] = current_targets(organization, today)
        changed = True
    targets = figures["targets"]
    months = last_months(organization)
    labels = [start.strftime("%b %Y") for start, _end in months]
    tiles = []
    for kpi in extensions.kpis:
        if not policy.can(request.membership, kpi.permission):
            continue
        target = targets.get(kpi.key)
        known = figures.get(kpi.key)
        if known is None:
            values = None
            if kpi.measure is not None:
                values = [kpi.measure(organization, start, end) for start, end in months]
            reading = None if kpi.live else reading_of(kpi, request)
            known = figures[kpi.key] = (
                values,
                None if reading is None else (reading.value, reading.url),
            )
            changed = True
        values, kept = known
        reading = reading_of(kpi, request) if kept is None else KpiReading(*kept)
        line = sparkline(values, labels, target) if values is not None else None
        tiles.append(KpiTile(kpi, reading, target, line))
    if changed:
        cache.set(key, figures, CACHE_SECONDS)
    return tiles
