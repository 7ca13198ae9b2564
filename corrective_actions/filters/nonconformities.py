"""The nonconformities list's filters, shared by the page and the API."""

import django_filters
from django.db.models import Q

from corrective_actions.filters import common
from corrective_actions.models import Nonconformity
from corrective_actions.models.common import Category, Severity
from corrective_actions.models.nonconformities import (
    NC_OPEN_STATES,
    Disposition,
    NcState,
    Source,
)
from relmgmt.core.filtersets import FilterSet, StableOrderingFilter


class NonconformityFilter(FilterSet):
    q = django_filters.CharFilter(method="search", label="Search")
    state = django_filters.ChoiceFilter(choices=NcState.choices, empty_label="Any state")
    source = django_filters.ChoiceFilter(choices=Source.choices, empty_label="Any source")
    severity = django_filters.ChoiceFilter(choices=Severity.choices, empty_label="Any severity")
    category = django_filters.ChoiceFilter(choices=Category.choices, empty_label="Any category")
    disposition = django_filters.ChoiceFilter(
        choices=Disposition.choices, empty_label="Any disposition"
    )
    supplier = common.supplier_filter()
    owner = common.owner_filter()
    open = common.open_filter()
    age = common.age_filter()
    o = StableOrderingFilter(
        fields=(("opened_at", "opened"), ("severity", "severity"), ("state", "state")),
        tiebreaker=("id",),
        label="Sort by",
    )

    class Meta:
        model = Nonconformity
        fields = [
            "q",
            "state",
            "source",
            "severity",
            "category",
            "disposition",
            "supplier",
            "owner",
        ]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(reference__icontains=value)
            | Q(title__icontains=value)
            | Q(location__icontains=value)
            | Q(party__name__icontains=value)
        )

    def with_age(self, queryset, name, value):
        return common.with_age(queryset, name, value)

    def with_open(self, queryset, name, value):
        return common.with_open(queryset, NC_OPEN_STATES, value)
