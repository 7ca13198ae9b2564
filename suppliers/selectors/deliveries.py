"""Reads of deliveries that the pages and the API share, always given the organisation."""

from django.db.models import F

from suppliers.models import Delivery

SUPPLIER_DETAIL_LATEST = 10


def deliveries(*, organization):
    """Deliveries with their supplier (and its name) and who entered them: one query."""
    return Delivery.objects.filter(organization=organization).select_related(
        "supplier__party", "entered_by"
    )


def late(queryset):
    return queryset.filter(received_date__gt=F("promised_date"))


def latest_for_supplier(*, organization, supplier, limit: int = SUPPLIER_DETAIL_LATEST):
    """The supplier's latest receipts and how many there are in all."""
    queryset = Delivery.objects.filter(organization=organization, supplier=supplier)
    return list(queryset.select_related("entered_by")[:limit]), queryset.count()
