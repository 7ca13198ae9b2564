"""Filters of the scorecard results, shared by the API (and any list page)."""

import django_filters
from django.db.models import Q

from relmgmt.core.filtersets import IdFilter
from suppliers.models import ScorecardResult
from suppliers.models.scorecards import Standing


class ScorecardResultFilter(django_filters.FilterSet):
    supplier = IdFilter(field_name="supplier_id", label="Supplier (id)")
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


class ScorecardResultListFilter(ScorecardResultFilter):
    """The scorecard results page's filters: a search by supplier instead of its id, one
    period or a range, the standing, and the columns to sort by."""

    supplier = None
    q = django_filters.CharFilter(method="search", label="Search")
    period_from = django_filters.DateFilter(
        field_name="period_start", lookup_expr="gte", label="Periods from (YYYY-MM-DD)"
    )
    period_to = django_filters.DateFilter(
        field_name="period_start", lookup_expr="lte", label="Periods to (YYYY-MM-DD)"
    )
    o = django_filters.OrderingFilter(
        fields=(
            ("period_start", "period"),
            ("supplier__code", "supplier"),
            ("score", "score"),
        ),
        label="Sort by",
    )

    class Meta(ScorecardResultFilter.Meta):
        fields = ["q", "period", "period_from", "period_to", "standing"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(supplier__party__name__icontains=value) | Q(supplier__code__icontains=value)
        )
