"""The aggregations behind the register overview's pictures: one query per picture,
whatever the number of parties or risks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import BooleanField, Case, Count, Q, Value, When
from django.db.models.functions import TruncMonth

from parties.models import Party, Risk
from relmgmt.core.dates import add_months

if TYPE_CHECKING:
    from relmgmt.tenancy.models import Organization

MONTHS_AHEAD = 12


def power_interest_points(*, organization: Organization) -> list[dict]:
    """Every party that is not inactive, with what places it on the power-interest grid."""
    return list(
        Party.objects.filter(organization=organization)
        .exclude(status=Party.Status.INACTIVE)
        .order_by("-influence", "-interest", "name")
        .values("id", "name", "tier", "influence", "interest")
    )


def risk_counts(*, organization: Organization, kind: str, status: str = Risk.Status.OPEN) -> dict:
    """{(likelihood, impact): number} of the organisation's risks of one kind and status."""
    rows = (
        Risk.objects.filter(organization=organization, kind=kind, status=status)
        .values("likelihood", "impact")
        .annotate(count=Count("id"))
        .order_by()
    )
    return {(row["likelihood"], row["impact"]): row["count"] for row in rows}


@dataclass(frozen=True)
class DueMonth:
    key: str  # "overdue" or YYYY-MM
    first_day: date | None
    count: int

    @property
    def is_overdue(self) -> bool:
        return self.key == "overdue"


def reviews_due_by_month(*, organization: Organization, today: date) -> list[DueMonth]:
    """Overdue reviews, then the reviews due in each of the next twelve months (this one
    first, from today on). Inactive parties are not reviewed."""
    this_month = today.replace(day=1)
    horizon = add_months(this_month, MONTHS_AHEAD)
    rows = (
        Party.objects.filter(organization=organization, next_review_due__lt=horizon)
        .exclude(status=Party.Status.INACTIVE)
        .annotate(
            month=TruncMonth("next_review_due"),
            overdue=Case(
                When(Q(next_review_due__lt=today), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
        .values("month", "overdue")
        .annotate(count=Count("id"))
        .order_by()
    )
    overdue, by_month = 0, {}
    for row in rows:
        if row["overdue"]:
            overdue += row["count"]
        else:
            key = _month_start(row["month"])
            by_month[key] = by_month.get(key, 0) + row["count"]
    months = [add_months(this_month, offset) for offset in range(MONTHS_AHEAD)]
    return [DueMonth("overdue", None, overdue)] + [
        DueMonth(f"{month:%Y-%m}", month, by_month.get(month, 0)) for month in months
    ]


def _month_start(value: date) -> date:
    """TruncMonth gives a date on some databases and a datetime on others."""
    value = value.date() if hasattr(value, "date") and callable(value.date) else value
    return value.replace(day=1)
