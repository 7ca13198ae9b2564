"""Filters of agreements with suppliers, shared by the page and the API."""

from datetime import timedelta

import django_filters
from django.db.models import Q

from relmgmt.core.filtersets import FilterSet, filterset_today
from suppliers.filters.deliveries import _suppliers
from suppliers.models import Agreement
from suppliers.models.agreements import AgreementStatus

ENDING_CHOICES = [
    ("ended", "End date passed"),
    ("30", "Ending within 30 days"),
    ("60", "Ending within 60 days"),
    ("90", "Ending within 90 days"),
    ("180", "Ending within 180 days"),
]


class AgreementFilter(FilterSet):
    q = django_filters.CharFilter(method="search", label="Reference, title or supplier")
    supplier = django_filters.ModelChoiceFilter(
        queryset=_suppliers, label="Supplier", empty_label="Any supplier"
    )
    status = django_filters.ChoiceFilter(
        choices=AgreementStatus.choices, label="Status", empty_label="Any status"
    )
    ending = django_filters.ChoiceFilter(
        choices=ENDING_CHOICES, method="with_ending", label="End date", empty_label="Any"
    )
    within_days = django_filters.NumberFilter(
        method="with_ending_within",
        label="Ending within (days)",
        min_value=0,
        max_value=36600,
        help_text="Agreements whose end is today or within this many days.",
    )
    o = django_filters.OrderingFilter(
        fields=(
            ("ends_on", "ends_on"),
            ("starts_on", "starts_on"),
            ("review_on", "review_on"),
            ("contract_reference", "reference"),
            ("supplier__code", "supplier"),
        ),
        label="Sort by",
    )

    class Meta:
        model = Agreement
        fields = ["q", "supplier", "status", "ending", "within_days"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(contract_reference__icontains=value)
            | Q(title__icontains=value)
            | Q(supplier__party__name__icontains=value)
            | Q(supplier__code__icontains=value)
        )

    def with_ending(self, queryset, name, value):
        today = filterset_today(self)
        if today is None:
            return queryset.none()
        if value == "ended":
            return queryset.filter(ends_on__lt=today)
        return self._within(queryset, today, int(value))

    def with_ending_within(self, queryset, name, value):
        today = filterset_today(self)
        if today is None:
            return queryset.none()
        return self._within(queryset, today, int(value))

    @staticmethod
    def _within(queryset, today, days: int):
        return queryset.filter(ends_on__gte=today, ends_on__lte=today + timedelta(days=days))
