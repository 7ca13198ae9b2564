"""Reads of revenue rows and customers marked lost."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from customers.models import Loss, Revenue
from customers.selectors.periods import QUARTER, index_of

if TYPE_CHECKING:
    from datetime import date

    from parties.models import Party
    from relmgmt.tenancy.models import Organization


def revenues(*, organization: Organization) -> QuerySet[Revenue]:
    return Revenue.objects.filter(organization=organization).select_related("party")


def losses(*, organization: Organization) -> QuerySet[Loss]:
    return Loss.objects.filter(organization=organization).select_related("party")


def party_trend(
    *, organization: Organization, party: Party, start: date, end: date
) -> list[tuple[str, float]]:
    """The party's revenue per quarter from ``start``'s to ``end``'s (zero where none)."""
    first, last = index_of(start, QUARTER), index_of(end, QUARTER)
    totals: dict[int, float] = {}
    rows = Revenue.objects.filter(
        organization=organization,
        party=party,
        month_index__gte=first * 3,
        month_index__lt=(last + 1) * 3,
    ).values_list("month_index", "amount")
    for month, amount in rows:
        totals[month // 3] = totals.get(month // 3, 0.0) + float(amount)
    return [
        (f"{index // 4} Q{index % 4 + 1}", totals.get(index, 0.0))
        for index in range(first, last + 1)
    ]
