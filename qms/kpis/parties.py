"""KPIs of the register of interested parties (ISO 9001 4.2)."""

from __future__ import annotations

from parties.filters.reviews import ReviewDueFilter
from parties.selectors import reviews as review_selectors
from qms.kpis import counted
from relmgmt.core.extensions import KpiReading


def parties_overdue_for_review(request) -> KpiReading:
    return counted(
        request,
        url_name="parties:review_due_list",
        query={"review_due": "overdue"},
        filterset=ReviewDueFilter,
        queryset=review_selectors.parties_due_for_review(organization=request.organization),
    )
