"""Filters of the scorecard results, shared by the API (and any list page)."""

import django_filters

from suppliers.models import ScorecardResult
from suppliers.models.scorecards import Standing


class ScorecardResultFilter(django_filters.FilterSet):
    supplier = django_filters.NumberFilter(field_name="supplier_id", label="Supplier (id)")
    period = django_filters.DateFilter(
        field_name="period_start", label="Period (its first day, YYYY-MM-DD)"
    )
    period_from = django_filters.DateFilter(field_name="period_start", lookup_expr="gte")
    period_to = django_filters.DateFilter(field_name="period_start", lookup_expr="lte")
    standing = django_filters.ChoiceFilter(
        choices=[(s.value or "none", s.label) for s in Standing], method="with_standing"
    )

    class Meta:
        model = ScorecardResult
        fields = ["supplier", "period", "period_from", "period_to", "standing"]

    def with_standing(self, queryset, name, value):
        return queryset.filter(standing="" if value == "none" else value)
