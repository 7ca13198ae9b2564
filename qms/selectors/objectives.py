"""Quality objectives and their status against target, computed from the data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.cache import cache
from django.db.models import QuerySet

from qms.models import QualityObjective
from qms.selectors.kpis import CACHE_SECONDS, figures_key, kpi_label, meets
from relmgmt.core import extensions
from relmgmt.core.dates import organization_today

if TYPE_CHECKING:
    from relmgmt.tenancy.models import Organization


def objectives(*, organization: Organization) -> QuerySet[QualityObjective]:
    return QualityObjective.objects.filter(organization=organization).select_related("owner")


@dataclass(frozen=True)
class ObjectiveStatus:
    objective: QualityObjective
    kpi_label: str
    value: float | None
    met: bool | None
    running: bool  # today is inside its period

    @property
    def label(self) -> str:
        if self.met is None:
            return "No data"
        if self.met:
            return "Met" if not self.running else "On target"
        return "Not met" if not self.running else "Below target"

    @property
    def badge(self) -> str:
        return {True: "ok", False: "bad"}.get(self.met, "muted")  # type: ignore[arg-type]


def status_of(objective: QualityObjective, *, today: date | None = None) -> ObjectiveStatus:
    """The KPI's value over the objective's period (up to today while it runs) against the
    target."""
    today = today or organization_today(objective.organization)
    kpi = extensions.kpis.get(objective.kpi)
    end = min(objective.period_end, today)
    value = None
    if kpi is not None and kpi.measure is not None and end >= objective.period_start:
        value = kpi.measure(objective.organization, objective.period_start, end)
    met = meets(kpi, value, Decimal(objective.target)) if kpi is not None else None
    running = objective.period_start <= today <= objective.period_end
    return ObjectiveStatus(objective, kpi_label(objective.kpi), value, met, running)


def statuses(
    *, organization: Organization, queryset: QuerySet[QualityObjective] | None = None
) -> list[ObjectiveStatus]:
    today = organization_today(organization)
    rows = queryset if queryset is not None else objectives(organization=organization)
    return [status_of(objective, today=today) for objective in rows]


# Each status measures its KPI (a query or two), so the home page shows a bounded number.
HOME_LIMIT = 12


def current_statuses(*, organization: Organization) -> list[ObjectiveStatus]:
    """The objectives running today, those ending soonest first (at most ``HOME_LIMIT``);
    kept in the cache with the KPI tiles' figures (read again after any change)."""
    today = organization_today(organization)
    key = figures_key(organization, today, "objectives")
    found = cache.get(key)
    if found is None:
        running = (
            objectives(organization=organization)
            .filter(period_start__lte=today, period_end__gte=today)
            .select_related("organization")
            .order_by("period_end", "id")[:HOME_LIMIT]
        )
        found = statuses(organization=organization, queryset=running)
        cache.set(key, found, CACHE_SECONDS)
    return found
