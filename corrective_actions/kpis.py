"""The KPIs of nonconformities and corrective actions (registered into
``relmgmt.core.extensions.kpis``). A count drills down to its list with the query it was
made with, run through the list's own FilterSet, so the tile and the list cannot disagree;
a rate or a duration is read over the last twelve months."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

from django.http import QueryDict
from django.urls import reverse

from corrective_actions.filters.corrective_actions import CorrectiveActionFilter
from corrective_actions.filters.nonconformities import NonconformityFilter
from corrective_actions.selectors import measures
from corrective_actions.selectors.corrective_actions import AGE_BUCKETS, corrective_actions
from corrective_actions.selectors.nonconformities import nonconformities
from relmgmt.core import extensions as ext
from relmgmt.core.dates import organization_today
from relmgmt.core.extensions import KpiReading

WINDOW = "last 12 months"


def _counted(request, url_name: str, query: dict, filterset, queryset) -> KpiReading:
    data = QueryDict(mutable=True)
    data.update(query)
    found = filterset(data, queryset=queryset, request=request)
    url = reverse(url_name, kwargs={"org_slug": request.organization.slug})
    return KpiReading(found.qs.count(), f"{url}?{urlencode(query)}")


def actions_counted(query: dict):
    def reading(request) -> KpiReading:
        return _counted(
            request,
            "corrective_actions:ca_list",
            query,
            CorrectiveActionFilter,
            corrective_actions(organization=request.organization),
        )

    return reading


def nonconformities_open(request) -> KpiReading:
    return _counted(
        request,
        "corrective_actions:nc_list",
        {"open": "true"},
        NonconformityFilter,
        nonconformities(organization=request.organization),
    )


def last_twelve_months(measure):
    def reading(request) -> KpiReading:
        end = organization_today(request.organization)
        return KpiReading(measure(request.organization, end - timedelta(days=364), end))

    return reading


def _age_kpis() -> list[ext.Kpi]:
    buckets = [(label, {"age": low, "age_max": high}) for label, low, high in AGE_BUCKETS]
    last_high = AGE_BUCKETS[-1][2]
    buckets.append((f"over {last_high} days", {"age": last_high + 1}))
    return [
        ext.Kpi(
            f"corrective_actions_open_age_{query['age']}",
            f"Corrective actions open {label}",
            current=actions_counted({"open": "true", **query}),
            better="lower",
            order=512 + index,
        )
        for index, (label, query) in enumerate(buckets)
    ]


def kpis() -> list[ext.Kpi]:
    return [
        ext.Kpi("corrective_actions_open", "Corrective actions open",
                current=actions_counted({"open": "true"}), better="lower", order=510),
        ext.Kpi("corrective_actions_overdue", "Corrective actions overdue",
                current=actions_counted({"overdue": "true"}), better="lower", order=511),
        *_age_kpis(),
        ext.Kpi("corrective_actions_effectiveness", "Corrective actions found effective",
                measure=measures.effectiveness_rate, unit="%", note=WINDOW,
                current=last_twelve_months(measure=measures.effectiveness_rate), order=520),
        ext.Kpi("corrective_actions_recurrence", "Corrective actions that are recurrences",
                measure=measures.recurrence_rate, unit="%", better="lower", note=WINDOW,
                current=last_twelve_months(measures.recurrence_rate), order=521),
        ext.Kpi("corrective_actions_days_to_close", "Median days to close a corrective action",
                measure=measures.days_to_close, unit="days", better="lower", note=WINDOW,
                current=last_twelve_months(measures.days_to_close), order=522),
        ext.Kpi("nonconformities_open", "Nonconformities open",
                current=nonconformities_open, better="lower", order=530),
    ]  # fmt: skip
