"""The spend list's filters, shared by the page and the API (same names, same meaning)."""

import django_filters

from relmgmt.core.filtersets import FilterSet, StableOrderingFilter, organization_choices
from suppliers.models import Supplier, SupplierSpend
from suppliers.models.register import Category


def _suppliers_of(*, organization):
    return Supplier.objects.filter(organization=organization).select_related("party")


_suppliers = organization_choices(_suppliers_of, Supplier)


class SpendFilter(FilterSet):
    supplier = django_filters.ModelChoiceFilter(
        queryset=_suppliers, label="Supplier", empty_label="Any supplier"
    )
    category = django_filters.ChoiceFilter(
        choices=Category.choices, label="Category", empty_label="Any category"
    )
    year = django_filters.NumberFilter(label="Year")
    since = django_filters.NumberFilter(field_name="year", lookup_expr="gte", label="From year")
    until = django_filters.NumberFilter(field_name="year", lookup_expr="lte", label="Until year")
    o = StableOrderingFilter(
        fields=(
            ("year", "year"),
            ("category", "category"),
            ("supplier__code", "supplier"),
            ("amount", "amount"),
        ),
        label="Sort by",
        tiebreaker=("-id",),
    )

    class Meta:
        model = SupplierSpend
        fields = ["supplier", "category", "year", "since", "until"]
