"""Filters of performance reviews, shared by the page and the API."""

import django_filters

from relmgmt.core.filtersets import FilterSet
from suppliers.filters.deliveries import _suppliers
from suppliers.filters.reevaluations import DATE_INPUT, _search_supplier
from suppliers.models import PerformanceReview


class PerformanceReviewFilter(FilterSet):
    q = django_filters.CharFilter(method="search", label="Supplier")
    supplier = django_filters.ModelChoiceFilter(
        queryset=_suppliers, label="Supplier", empty_label="Any supplier"
    )
    held_after = django_filters.DateFilter(
        field_name="held_on", lookup_expr="gte", label="Held from", widget=DATE_INPUT
    )
    held_before = django_filters.DateFilter(
        field_name="held_on", lookup_expr="lte", label="Held until", widget=DATE_INPUT
    )
    open_actions = django_filters.ChoiceFilter(
        choices=[("true", "With open actions"), ("false", "No open action")],
        method="with_open_actions",
        label="Actions",
        empty_label="Any",
    )

    class Meta:
        model = PerformanceReview
        fields = ["q", "supplier", "held_after", "held_before", "open_actions"]

    def search(self, queryset, name, value):
        return _search_supplier(queryset, value)

    def with_open_actions(self, queryset, name, value):
        return (
            queryset.filter(open_actions__gt=0)
            if value == "true"
            else queryset.filter(open_actions=0)
        )
