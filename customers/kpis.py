"""The customer KPIs (registered into ``relmgmt.core.extensions.kpis``): retention and churn
over the quarters of a period, and the active customers of the last quarter, each drilling
down to the figures page (or the revenue rows it counts)."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

from django.urls import reverse

from customers.selectors.figures import customer_figures
from customers.selectors.periods import QUARTER, Period, index_of
from relmgmt.core import extensions as ext
from relmgmt.core.dates import organization_today


def _rates(organization, start, end):
    rows = customer_figures(organization=organization, start=start, end=end).segment_rows()
    at_start = sum(row.at_start for row in rows)
    lost = sum(row.lost for row in rows)
    return at_start, lost


def retention(organization, start, end) -> float | None:
    at_start, lost = _rates(organization, start, end)
    return round(100 * (at_start - lost) / at_start, 1) if at_start else None


def churn(organization, start, end) -> float | None:
    at_start, lost = _rates(organization, start, end)
    return round(100 * lost / at_start, 1) if at_start else None


def _last_year(request, measure) -> ext.KpiReading:
    end = organization_today(request.organization)
    start = end - timedelta(days=364)
    url = reverse("customers:figures", kwargs={"org_slug": request.organization.slug})
    query = urlencode({"grain": QUARTER, "start": start.isoformat(), "end": end.isoformat()})
    return ext.KpiReading(measure(request.organization, start, end), f"{url}?{query}")


def active_last_quarter(request) -> ext.KpiReading:
    today = organization_today(request.organization)
    period = Period(QUARTER, index_of(today, QUARTER) - 1)
    rows = customer_figures(
        organization=request.organization, start=period.start, end=period.end
    ).segment_rows()
    url = reverse("customers:revenue_list", kwargs={"org_slug": request.organization.slug})
    query = urlencode({"since": period.start.isoformat(), "until": period.end.isoformat()})
    return ext.KpiReading(rows[0].active if rows else None, f"{url}?{query}")


KPIS = [
    ext.Kpi(
        "customer_retention",
        "Customer retention rate",
        measure=retention,
        current=lambda request: _last_year(request, retention),
        unit="%",
        note="last 12 months",
        order=600,
    ),
    ext.Kpi(
        "customer_churn",
        "Customer churn rate",
        measure=churn,
        current=lambda request: _last_year(request, churn),
        better="lower",
        unit="%",
        note="last 12 months",
        order=601,
    ),
    ext.Kpi(
        "customers_active",
        "Active customers",
        current=active_last_quarter,
        note="last full quarter",
        order=602,
    ),
]
