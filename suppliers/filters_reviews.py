"""Filters of re-evaluations, performance reviews and agreements, shared by the pages and
the API (same names, same meaning)."""

from datetime import timedelta

import django_filters
from django import forms
from django.db.models import Q

from parties.services.register import organization_today
from relmgmt.core.filtersets import FilterSet
from suppliers.filters import _member_users
from suppliers.filters_deliveries import _suppliers
from suppliers.models import Agreement, PerformanceReview, ReEvaluation, Supplier
from suppliers.models.agreements import AgreementStatus
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
ENDING_CHOICES = [
    ("ended", "End date passed"),
    ("30", "Ending within 30 days"),
    ("60", "Ending within 60 days"),
    ("90", "Ending within 90 days"),
    ("180", "Ending within 180 days"),
]


def _today(filterset):
    organization = getattr(filterset.request, "organization", None)
    return organization_today(organization) if organization is not None else None


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
        today = _today(self)
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
        today = _today(self)
        if today is None:
            return queryset.none()
        if value == "ended":
            return queryset.filter(ends_on__lt=today)
        return self._within(queryset, today, int(value))

    def with_ending_within(self, queryset, name, value):
        today = _today(self)
        if today is None:
            return queryset.none()
        return self._within(queryset, today, int(value))

    @staticmethod
    def _within(queryset, today, days: int):
        return queryset.filter(ends_on__gte=today, ends_on__lte=today + timedelta(days=days))
