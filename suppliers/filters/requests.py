"""Filters of the buyer's list of requests to suppliers, shared by the page and the API; and
the same filters for the supplier portal API, where the list is already the supplier's own,
so nothing filters or sorts by supplier."""

import django_filters
from django.db.models import Q

from relmgmt.core.filtersets import StableOrderingFilter, filterset_today
from suppliers.filters.deliveries import _suppliers
from suppliers.models import SupplierRequest
from suppliers.models.requests import AWAITING_SUPPLIER, RequestKind, RequestStatus


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
        tiebreaker=("-id",),  # then newest first
    )

    class Meta:
        model = SupplierRequest
        fields = ["q", "status", "kind", "supplier", "overdue"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(subject__icontains=value) if value else queryset

    def with_overdue(self, queryset, name, value):
        today = filterset_today(self)
        condition = Q(status__in=AWAITING_SUPPLIER, due_date__lt=today)
        return queryset.filter(condition) if value == "true" else queryset.exclude(condition)


# --- The supplier portal API: the supplier's own records ---------------------------------
# ``supplier = None`` drops the inherited filter: the portal's lists hold one supplier.


class PortalRequestFilter(SupplierRequestFilter):
    supplier = None
    o = StableOrderingFilter(
        fields=(("due_date", "due_date"), ("sent_at", "sent_at"), ("status", "status")),
        label="Sort by",
        tiebreaker=("-id",),  # then newest first
    )

    class Meta(SupplierRequestFilter.Meta):
        fields = ["q", "status", "kind", "overdue"]
