"""The periods KPIs are read over: calendar months in the organisation's time zone."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from relmgmt.core.dates import add_months, organization_today

if TYPE_CHECKING:
    from relmgmt.tenancy.models import Organization

SPARKLINE_MONTHS = 6


def month_of(day: date) -> tuple[date, date]:
    first = day.replace(day=1)
    return first, add_months(first, 1) - timedelta(days=1)


def current_month(organization: Organization) -> tuple[date, date]:
    return month_of(organization_today(organization))


def last_months(
    organization: Organization, count: int = SPARKLINE_MONTHS
) -> list[tuple[date, date]]:
    """The last ``count`` months, the current one last."""
    first, _end = current_month(organization)
    return [month_of(add_months(first, -back)) for back in range(count - 1, -1, -1)]
