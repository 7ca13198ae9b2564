"""The delivery list's filters, shared by the page and the API (same names, same meaning)."""

import django_filters
from django.db.models import F, Q

from suppliers.models import Delivery, Supplier


def _suppliers(request):
    organization = getattr(request, "organization", None)
    if organization is None:  # schema generation
        return Supplier.objects.none()
    return Supplier.objects.filter(organization=organization).select_related("party")


class StableOrderingFilter(django_filters.OrderingFilter):
    """Sorted by the chosen column, then newest first, so that pages never overlap."""

    def filter(self, qs, value):
        qs = super().filter(qs, value)
        return qs.order_by(*qs.query.order_by, "-id") if value else qs


class DeliveryFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Order or item")
    supplier = django_filters.ModelChoiceFilter(
        queryset=_suppliers, label="Supplier", empty_label="Any supplier"
    )
    received_after = django_filters.DateFilter(
        field_name="received_date", lookup_expr="gte", label="Received from"
    )
    received_before = django_filters.DateFilter(
        field_name="received_date", lookup_expr="lte", label="Received until"
    )
    late = django_filters.BooleanFilter(method="with_late", label="Late")
    rejected = django_filters.BooleanFilter(method="with_rejected", label="With rejections")
    over_delivery = django_filters.BooleanFilter(label="Over-delivered")
    o = StableOrderingFilter(
        fields=(
            ("received_date", "received_date"),
            ("promised_date", "promised_date"),
            ("order_reference", "order_reference"),
            ("item", "item"),
            ("supplier__code", "supplier"),
            ("quantity_received", "quantity_received"),
            ("quantity_rejected", "quantity_rejected"),
        ),
        label="Sort by",
    )

    class Meta:
        model = Delivery
        fields = [
            "q",
            "supplier",
            "received_after",
            "received_before",
            "late",
            "rejected",
            "over_delivery",
        ]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(order_reference__icontains=value) | Q(item__icontains=value))

    def with_late(self, queryset, name, value):
        late = Q(received_date__gt=F("promised_date"))
        return queryset.filter(late) if value else queryset.exclude(late)

    def with_rejected(self, queryset, name, value):
        rejected = Q(quantity_rejected__gt=0)
        return queryset.filter(rejected) if value else queryset.exclude(rejected)
