"""Filters of re-evaluations and of the suppliers due for one, shared by the pages and the
API (same names, same meaning)."""

from datetime import timedelta

import django_filters
from django import forms
from django.db.models import Q

from relmgmt.core.filtersets import FilterSet, filterset_today
from suppliers.filters.deliveries import _suppliers
from suppliers.filters.register import _member_users
from suppliers.models import ReEvaluation, Supplier
from suppliers.models.reevaluations import Decision
from suppliers.models.register import ApprovalStatus, Criticality

DATE_INPUT = forms.DateInput(attrs={"type": "date"})
DUE_CHOICES = [
    ("overdue", "Overdue"),
    ("30", "Due within 30 days"),
    ("60", "Due within 60 days"),
    ("90", "Due within 90 days"),
    ("365", "Due within a year"),
]


def _search_supplier(queryset, value: str, prefix: str = "supplier__"):
    value = value.strip()
    if not value:
        return queryset
    return queryset.filter(
        Q(**{f"{prefix}party__name__icontains": value}) | Q(**{f"{prefix}code__icontains": value})
    )


class ReEvaluationDueFilter(FilterSet):
    """Suppliers by when their re-evaluation is due."""

    q = django_filters.CharFilter(method="search", label="Supplier")
    due = django_filters.ChoiceFilter(
        choices=DUE_CHOICES, method="with_due", label="Due", empty_label="Any date"
    )
    criticality = django_filters.ChoiceFilter(
        choices=Criticality.choices, label="Criticality", empty_label="Any"
    )
    status = django_filters.ChoiceFilter(
        choices=[c for c in ApprovalStatus.choices if c[0] != ApprovalStatus.DISQUALIFIED],
        label="Approval status",
        empty_label="Any status",
    )
    owner = django_filters.ModelChoiceFilter(
        queryset=_member_users, label="Owner", empty_label="Anyone"
    )

    class Meta:
        model = Supplier
        fields = ["q", "due", "criticality", "status", "owner"]

    def search(self, queryset, name, value):
        return _search_supplier(queryset, value, prefix="")

    def with_due(self, queryset, name, value):
        today = filterset_today(self)
        if today is None:
            return queryset.none()
        if value == "overdue":
            return queryset.filter(next_evaluation_due__lt=today)
        return queryset.filter(next_evaluation_due__lte=today + timedelta(days=int(value)))


class ReEvaluationFilter(FilterSet):
    supplier = django_filters.ModelChoiceFilter(
        queryset=_suppliers, label="Supplier", empty_label="Any supplier"
    )
    decision = django_filters.ChoiceFilter(
        choices=Decision.choices, label="Decision", empty_label="Any"
    )
    evaluated_after = django_filters.DateFilter(
        field_name="evaluated_on", lookup_expr="gte", label="From", widget=DATE_INPUT
    )
    evaluated_before = django_filters.DateFilter(
        field_name="evaluated_on", lookup_expr="lte", label="Until", widget=DATE_INPUT
    )

    class Meta:
        model = ReEvaluation
        fields = ["supplier", "decision", "evaluated_after", "evaluated_before"]
