"""Reads of deliveries that the pages and the API share, always given the organisation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import F, QuerySet

from suppliers.models import Delivery

if TYPE_CHECKING:
    from relmgmt.tenancy.models import Organization
    from suppliers.models import Supplier

SUPPLIER_DETAIL_LATEST = 5


def deliveries(*, organization: Organization) -> QuerySet[Delivery]:
    """Deliveries with their supplier (and its name) and who entered them: one query."""
    return Delivery.objects.filter(organization=organization).select_related(
        "supplier__party", "entered_by"
    )


def late(queryset: QuerySet[Delivery]) -> QuerySet[Delivery]:
    return queryset.filter(received_date__gt=F("promised_date"))


def latest_for_supplier(
    *, organization: Organization, supplier: Supplier, limit: int = SUPPLIER_DETAIL_LATEST
) -> tuple[list[Delivery], int]:
    """The supplier's latest receipts and how many there are in all."""
    queryset = Delivery.objects.filter(organization=organization, supplier=supplier)
    return list(queryset.select_related("entered_by")[:limit]), queryset.count()
