"""The 8D list's filters, shared by the page and the API."""

from datetime import timedelta

import django_filters
from django.db.models import Q
from django.utils import timezone

from corrective_actions.filters import common
from corrective_actions.models import SupplierCorrectiveAction
from corrective_actions.models.scars import Discipline, ScarSource, ScarState
from corrective_actions.selectors.scars import overdue_q
from relmgmt.core.filtersets import FilterSet, StableOrderingFilter, filterset_today


class ScarFilter(FilterSet):
    q = django_filters.CharFilter(method="search", label="Search")
    state = django_filters.ChoiceFilter(choices=ScarState.choices, empty_label="Any state")
    source = django_filters.ChoiceFilter(choices=ScarSource.choices, empty_label="Any source")
    current_step = django_filters.ChoiceFilter(
        choices=Discipline.choices, empty_label="Any step", label="Step"
    )
    supplier = common.supplier_filter()
    owner = common.owner_filter()
    overdue = django_filters.BooleanFilter(
        method="with_overdue", label="Overdue", widget=django_filters.widgets.BooleanWidget
    )
    age = django_filters.NumberFilter(
        method="with_age", label="Issued at least (days ago)", min_value=0, max_value=100000
    )
    o = StableOrderingFilter(
        fields=(("issued_at", "issued"), ("current_step", "step"), ("state", "state")),
        tiebreaker=("id",),
        label="Sort by",
    )

    class Meta:
        model = SupplierCorrectiveAction
        fields = ["q", "state", "source", "current_step", "supplier", "owner"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(reference__icontains=value)
            | Q(title__icontains=value)
            | Q(supplier__party__name__icontains=value)
        )

    def with_overdue(self, queryset, name, value):
        today = filterset_today(self)
        if value is None or today is None:
            return queryset
        condition = overdue_q(today)
        return queryset.filter(condition) if value else queryset.exclude(condition)

    def with_age(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(issued_at__lte=timezone.now() - timedelta(days=int(value)))
