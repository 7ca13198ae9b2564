"""The corrective actions list's filters, shared by the page and the API."""

import django_filters
from django.db.models import Q

from corrective_actions.filters import common
from corrective_actions.models import CorrectiveAction
from corrective_actions.models.common import Category, Severity
from corrective_actions.models.corrective_actions import CA_OPEN_STATES, CaSource, CaState
from corrective_actions.selectors.corrective_actions import overdue_q, recurrence_q
from relmgmt.core.filtersets import FilterSet, StableOrderingFilter, filterset_today


class CorrectiveActionFilter(FilterSet):
    q = django_filters.CharFilter(method="search", label="Search")
    state = django_filters.ChoiceFilter(choices=CaState.choices, empty_label="Any state")
    source = django_filters.ChoiceFilter(choices=CaSource.choices, empty_label="Any source")
    severity = django_filters.ChoiceFilter(choices=Severity.choices, empty_label="Any severity")
    category = django_filters.ChoiceFilter(choices=Category.choices, empty_label="Any category")
    supplier = common.supplier_filter()
    owner = common.owner_filter()
    overdue = django_filters.BooleanFilter(
        method="with_overdue", label="Overdue", widget=django_filters.widgets.BooleanWidget
    )
    recurrent = django_filters.BooleanFilter(
        method="with_recurrence", label="Recurrence", widget=django_filters.widgets.BooleanWidget
    )
    open = common.open_filter()
    age = common.age_filter()
    age_max = common.age_max_filter()
    o = StableOrderingFilter(
        fields=(("opened_at", "opened"), ("severity", "severity"), ("state", "state")),
        tiebreaker=("id",),
        label="Sort by",
    )

    class Meta:
        model = CorrectiveAction
        fields = ["q", "state", "source", "severity", "category", "supplier", "owner"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(reference__icontains=value)
            | Q(title__icontains=value)
            | Q(party__name__icontains=value)
        )

    def with_overdue(self, queryset, name, value):
        today = filterset_today(self)
        if value is None or today is None:
            return queryset
        condition = overdue_q(today)
        return queryset.filter(condition) if value else queryset.exclude(condition)

    def with_recurrence(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(recurrence_q()) if value else queryset.exclude(recurrence_q())

    def with_age(self, queryset, name, value):
        return common.with_age(queryset, name, value)

    def with_age_max(self, queryset, name, value):
        return common.with_age_max(queryset, name, value)

    def with_open(self, queryset, name, value):
        return common.with_open(queryset, CA_OPEN_STATES, value)
