"""KPIs of external providers across all suppliers (ISO 9001 8.4, 9.1.3)."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from django.db.models import Count, F, Q, Sum
from django.urls import reverse

from qms.kpis import counted
from relmgmt.core.extensions import KpiReading
from suppliers.filters.certificates import CertificateFilter
from suppliers.filters.register import SupplierFilter
from suppliers.models.scorecards import Standing
from suppliers.selectors import certificates as certificate_selectors
from suppliers.selectors import deliveries as delivery_selectors
from suppliers.selectors import register as register_selectors


def _deliveries(organization, start: date, end: date):
    return delivery_selectors.deliveries(organization=organization).filter(
        received_date__gte=start, received_date__lte=end
    )


def otif(organization, start: date, end: date) -> float | None:
    """The % of deliveries received in the period on or before the promised date and
    complete in quantity, across all suppliers."""
    row = _deliveries(organization, start, end).aggregate(
        good=Count(
            "id",
            filter=Q(received_date__lte=F("promised_date"))
            & Q(quantity_received__gte=F("quantity_ordered")),
        ),
        total=Count("id"),
    )
    return round(100 * row["good"] / row["total"], 1) if row["total"] else None


def ppm(organization, start: date, end: date) -> float | None:
    """Rejected units per million received in the period, across all suppliers."""
    row = _deliveries(organization, start, end).aggregate(
        received=Sum("quantity_received"), rejected=Sum("quantity_rejected")
    )
    if not row["received"]:
        return None
    return round(float(row["rejected"] or 0) / float(row["received"]) * 1_000_000)


def suppliers_in_standing(standing: str):
    def reading(request) -> KpiReading:
        return counted(
            request,
            url_name="suppliers:supplier_list",
            query={"standing": standing},
            filterset=SupplierFilter,
            queryset=register_selectors.supplier_list(organization=request.organization),
        )

    return reading


POOR = Standing.POOR.value
NEEDS_IMPROVEMENT = Standing.NEEDS_IMPROVEMENT.value


def certificates_expiring(request) -> KpiReading:
    return counted(
        request,
        url_name="suppliers:certificate_list",
        query={"expiry": "expired_or_30"},
        filterset=CertificateFilter,
        queryset=certificate_selectors.certificates(organization=request.organization),
    )


def deliveries_of_the_month(measure):
    """The measure over the current month, drilling down to the deliveries it was computed
    from (those received this month)."""

    def reading(request) -> KpiReading:
        from qms.selectors.periods import current_month

        start, end = current_month(request.organization)
        url = reverse("suppliers:delivery_list", kwargs={"org_slug": request.organization.slug})
        query = urlencode({"received_after": start.isoformat(), "received_before": end.isoformat()})
        return KpiReading(measure(request.organization, start, end), f"{url}?{query}")

    return reading
