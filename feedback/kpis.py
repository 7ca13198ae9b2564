"""The KPIs of complaint handling (registered into ``relmgmt.core.extensions.kpis``):
first-contact resolution over the complaints resolved in the period. Its tile drills down
to the list filtered to exactly the complaints it counts as resolved at first contact,
through the list's own FilterSet, so the tile and the list cannot disagree."""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import urlencode

from django.http import QueryDict
from django.urls import reverse

from feedback.filters.complaints import ComplaintFilter
from feedback.selectors.complaints import complaints
from relmgmt.core import extensions as ext
from relmgmt.core.dates import organization_today
from relmgmt.core.extensions import KpiReading

WINDOW = "complaints resolved in the last 12 months"


def _found(organization, query: dict, request=None):
    data = QueryDict(mutable=True)
    data.update(query)
    if request is None:
        request = type("Request", (), {"organization": organization})()
    return ComplaintFilter(data, queryset=complaints(organization=organization), request=request)


def _period(start: date, end: date) -> dict:
    return {"resolved_from": start.isoformat(), "resolved_to": end.isoformat()}


def first_contact_rate(organization, start: date, end: date) -> float | None:
    """Of the complaints resolved from ``start`` to ``end`` (days, inclusive), the percentage
    resolved at first contact; None when none was resolved."""
    resolved = _found(organization, _period(start, end)).qs.count()
    if not resolved:
        return None
    first = _found(organization, {**_period(start, end), "first_contact": "true"}).qs.count()
    return round(100 * first / resolved, 1)


def first_contact_now(request) -> KpiReading:
    organization = request.organization
    end = organization_today(organization)
    start = end - timedelta(days=364)
    query = {**_period(start, end), "first_contact": "true"}
    url = reverse("feedback:complaint_list", kwargs={"org_slug": organization.slug})
    return KpiReading(first_contact_rate(organization, start, end), f"{url}?{urlencode(query)}")


def kpis() -> list[ext.Kpi]:
    return [
        ext.Kpi(
            "complaints_first_contact_resolution",
            "Complaints resolved at first contact",
            measure=first_contact_rate,
            current=first_contact_now,
            unit="%",
            note=WINDOW,
            order=410,
        )
    ]
