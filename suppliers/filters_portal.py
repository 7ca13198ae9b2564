"""Filters of the buyer's lists of requests to suppliers and of proposed profile changes,
shared by the pages and the API."""

import django_filters
from django.db.models import Q

from suppliers.filters_deliveries import StableOrderingFilter, _suppliers
from suppliers.models_portal import (
    AWAITING_SUPPLIER,
    ProfileChange,
    ProfileChangeKind,
    ProfileChangeStatus,
    RequestKind,
    RequestStatus,
    SupplierRequest,
)


class SupplierRequestFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Subject")
    status = django_filters.ChoiceFilter(choices=RequestStatus.choices, empty_label="Any status")
    kind = django_filters.ChoiceFilter(choices=RequestKind.choices, empty_label="Any kind")
    supplier = django_filters.ModelChoiceFilter(
        queryset=_suppliers, label="Supplier", empty_label="Any supplier"
    )
    overdue = django_filters.ChoiceFilter(
        choices=[("true", "Overdue"), ("false", "Not overdue")],
        method="with_overdue",
        label="Overdue",
        empty_label="Any",
    )
    o = StableOrderingFilter(
        fields=(
            ("due_date", "due_date"),
            ("sent_at", "sent_at"),
            ("supplier__code", "supplier"),
            ("status", "status"),
        ),
        label="Sort by",
    )

    class Meta:
        model = SupplierRequest
        fields = ["q", "status", "kind", "supplier", "overdue"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(subject__icontains=value) if value else queryset

    def with_overdue(self, queryset, name, value):
        today = self.request.organization and _today(self.request.organization)
        condition = Q(status__in=AWAITING_SUPPLIER, due_date__lt=today)
        return queryset.filter(condition) if value == "true" else queryset.exclude(condition)


def _today(organization):
    from parties.services.register import organization_today

    return organization_today(organization)


class ProfileChangeFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        choices=ProfileChangeStatus.choices, empty_label="Any status"
    )
    kind = django_filters.ChoiceFilter(choices=ProfileChangeKind.choices, empty_label="Any kind")
    supplier = django_filters.ModelChoiceFilter(
        queryset=_suppliers, label="Supplier", empty_label="Any supplier"
    )

    class Meta:
        model = ProfileChange
        fields = ["status", "kind", "supplier"]
