"""The KPIs the quality management system reads from the apps below it (registered into
``relmgmt.core.extensions.kpis`` by ``qms.extensions``). A count's drill-down is the list
page with the same query the count was made with, through the list's own FilterSet, so the
figure on the home page and the rows of the list cannot disagree."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import QueryDict
from django.urls import reverse

from relmgmt.core.extensions import KpiReading


def counted(request, *, url_name: str, query: dict, filterset, queryset) -> KpiReading:
    """How many rows the list at ``url_name`` shows with ``query``, and its URL."""
    data = QueryDict(mutable=True)
    data.update(query)
    found = filterset(data, queryset=queryset, request=request)
    url = reverse(url_name, kwargs={"org_slug": request.organization.slug})
    return KpiReading(found.qs.count(), f"{url}?{urlencode(query)}")
