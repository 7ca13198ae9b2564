"""The delivery list's filters, shared by the page and the API (same names, same meaning)."""

import django_filters
from django import forms
from django.db.models import F, Q

from relmgmt.core.filtersets import StableOrderingFilter, organization_choices
from suppliers.models import Delivery, Supplier

DATE_INPUT = forms.DateInput(attrs={"type": "date"})


def _suppliers_of(*, organization):
    return Supplier.objects.filter(organization=organization).select_related("party")


_suppliers = organization_choices(_suppliers_of, Supplier)


class DeliveryFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Order or item")
    supplier = django_filters.ModelChoiceFilter(
        queryset=_suppliers, label="Supplier", empty_label="Any supplier"
    )
    received_after = django_filters.DateFilter(
        field_name="received_date", lookup_expr="gte", label="Received from", widget=DATE_INPUT
    )
    received_before = django_filters.DateFilter(
        field_name="received_date", lookup_expr="lte", label="Received until", widget=DATE_INPUT
    )
    late = django_filters.ChoiceFilter(
        choices=[("true", "Late"), ("false", "On time or early")],
        method="with_late",
        label="Timeliness",
        empty_label="Any",
    )
    rejected = django_filters.ChoiceFilter(
        choices=[("true", "With rejections"), ("false", "Nothing rejected")],
        method="with_rejected",
        label="Rejections",
        empty_label="Any",
    )
    over_delivery = django_filters.ChoiceFilter(
        choices=[("true", "More than ordered"), ("false", "Not more than ordered")],
        method="with_over_delivery",
        label="Over-delivery",
        empty_label="Any",
    )
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
        tiebreaker=("-id",),  # then newest first
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

    @staticmethod
    def _either(queryset, condition: Q, value: str):
        return queryset.filter(condition) if value == "true" else queryset.exclude(condition)

    def with_late(self, queryset, name, value):
        return self._either(queryset, Q(received_date__gt=F("promised_date")), value)

    def with_rejected(self, queryset, name, value):
        return self._either(queryset, Q(quantity_rejected__gt=0), value)

    def with_over_delivery(self, queryset, name, value):
        return self._either(queryset, Q(over_delivery=True), value)
