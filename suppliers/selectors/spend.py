"""Reads of purchase spend that the pages, the API and supply continuity share, always
given the organisation; and the organisation's share of spend above which one supplier
makes a category single-source (kept in ``Organization.settings``)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db.models import Max, OuterRef, QuerySet, Subquery

from relmgmt.core.dates import organization_today
from suppliers.models import SupplierSpend

if TYPE_CHECKING:
    from relmgmt.tenancy.models import Organization

# The settings section's key (``suppliers.organization_settings.SingleSourceShare``).
SHARE_SETTING = "single_source_share"
DEFAULT_SHARE = 80
MIN_SHARE = 50
MAX_SHARE = 100


def spends(*, organization: Organization) -> QuerySet[SupplierSpend]:
    """Spend rows with their supplier (and its name) and who entered them: one query."""
    return SupplierSpend.objects.filter(organization=organization).select_related(
        "supplier__party", "entered_by"
    )


def single_source_share(organization: Organization) -> int:
    """The percentage of a category's spend above which one approved supplier makes the
    category single-source (80 unless the organisation chose otherwise)."""
    value = (organization.settings or {}).get(SHARE_SETTING)
    if isinstance(value, int) and not isinstance(value, bool) and MIN_SHARE <= value <= MAX_SHARE:
        return value
    return DEFAULT_SHARE


def clean_share(value: object) -> dict:
    """The setting to store for ``value`` (a whole percentage from 50 to 100), or a
    ValidationError naming the field."""
    if isinstance(value, bool) or not isinstance(value, int):
        try:
            value = int(str(value).strip())
        except (TypeError, ValueError):
            value = None
    if value is None or not MIN_SHARE <= value <= MAX_SHARE:
        raise ValidationError(
            {SHARE_SETTING: f"Give a whole percentage from {MIN_SHARE} to {MAX_SHARE}."}
        )
    return {SHARE_SETTING: value}


@dataclass(frozen=True)
class SpendLead:
    """The supplier with the largest spend in a category over ``year``: the last full
    calendar year with spend recorded for the category."""

    category: str
    year: int
    supplier_id: int
    amount: Decimal
    total: Decimal

    @property
    def share(self) -> Decimal:
        """Percent of the category's spend in the year (the total is above zero)."""
        return self.amount * 100 / self.total

    def above(self, threshold: int) -> bool:
        """More than ``threshold`` percent (exactly at it is not above)."""
        return self.amount * 100 > self.total * threshold

    @property
    def share_label(self) -> str:
        rounded = self.share.quantize(Decimal("0.1"))
        return f"{rounded.normalize():f}%" if rounded % 1 else f"{int(rounded)}%"


def spend_leads(*, organization: Organization) -> dict[str, SpendLead]:
    """Per category with spend recorded before this year: the supplier with the largest
    spend in the category's last full calendar year with spend, and the year's total. One
    query (the latest year is a correlated subquery on the category)."""
    this_year = organization_today(organization).year
    recorded = SupplierSpend.objects.filter(
        organization=organization, year__lt=this_year, amount__gt=0
    )
    latest = (
        recorded.filter(category=OuterRef("category"))
        .values("category")
        .annotate(latest=Max("year"))
        .values("latest")
    )
    rows = recorded.filter(year=Subquery(latest)).values_list(
        "category", "year", "supplier_id", "amount"
    )
    totals: dict[str, Decimal] = {}
    leads: dict[str, tuple[int, int, Decimal]] = {}
    for category, year, supplier_id, amount in rows.order_by("category", "-amount", "supplier_id"):
        totals[category] = totals.get(category, Decimal(0)) + amount
        leads.setdefault(category, (year, supplier_id, amount))
    return {
        category: SpendLead(category, year, supplier_id, amount, totals[category])
        for category, (year, supplier_id, amount) in leads.items()
    }
