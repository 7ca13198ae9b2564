"""The complaints list's filters, shared by the page and the API (same names, same
meaning)."""

import django_filters
from django.db.models import Q
from django.utils import timezone

from feedback.models import Complaint
from feedback.models.complaints import OPEN_STATES, Category, Channel, Severity, State
from feedback.selectors.complaints import overdue_q
from feedback.selectors.handling import first_contact_q
from parties.selectors.register import parties
from relmgmt.core.filtersets import (
    FilterSet,
    NamedChoiceFilter,
    StableOrderingFilter,
    organization_choices,
)
from relmgmt.tenancy.selectors import member_users


def party_choices(*, organization):
    """The parties offered by the filter: their names only (a register of thousands
    renders as quickly as the rows of the list)."""
    return parties(organization=organization).select_related(None).only("pk", "name")


class ComplaintFilter(FilterSet):
    q = django_filters.CharFilter(method="search", label="Search")
    state = django_filters.ChoiceFilter(choices=State.choices, empty_label="Any state")
    severity = django_filters.ChoiceFilter(choices=Severity.choices, empty_label="Any severity")
    category = django_filters.ChoiceFilter(choices=Category.choices, empty_label="Any category")
    channel = django_filters.ChoiceFilter(choices=Channel.choices, empty_label="Any channel")
    party = NamedChoiceFilter(
        queryset=organization_choices(party_choices, "parties.Party"), label="Party"
    )
    owner = django_filters.ModelChoiceFilter(
        queryset=organization_choices(member_users, "accounts.User"), label="Owner"
    )
    open = django_filters.BooleanFilter(
        method="with_open",
        label="Open (received, acknowledged or being investigated)",
        widget=django_filters.widgets.BooleanWidget,
    )
    overdue = django_filters.BooleanFilter(
        method="with_overdue",
        label="Past its service level",
        widget=django_filters.widgets.BooleanWidget,
    )
    first_contact = django_filters.BooleanFilter(
        method="with_first_contact",
        label="Resolved at first contact",
        widget=django_filters.widgets.BooleanWidget,
    )
    resolved_from = django_filters.DateFilter(
        field_name="resolved_at", lookup_expr="date__gte", label="Resolved on or after"
    )
    resolved_to = django_filters.DateFilter(
        field_name="resolved_at", lookup_expr="date__lte", label="Resolved on or before"
    )
    o = StableOrderingFilter(
        fields=(
            ("received_at", "received"),
            ("severity", "severity"),
            ("state", "state"),
            ("resolve_due_at", "due"),
        ),
        tiebreaker=("id",),
        label="Sort by",
    )

    class Meta:
        model = Complaint
        fields = [
            "q",
            "state",
            "severity",
            "category",
            "channel",
            "party",
            "owner",
            "open",
            "overdue",
            "first_contact",
            "resolved_from",
            "resolved_to",
        ]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(reference__icontains=value)
            | Q(subject__icontains=value)
            | Q(party__name__icontains=value)
            | Q(new_party_name__icontains=value)
            | Q(complainant_name__icontains=value)
            | Q(reference_number__icontains=value)
        )

    def with_open(self, queryset, name, value):
        if value is None:
            return queryset
        condition = Q(state__in=OPEN_STATES)
        return queryset.filter(condition) if value else queryset.exclude(condition)

    def with_overdue(self, queryset, name, value):
        if value is None:
            return queryset
        condition = overdue_q(timezone.now())
        return queryset.filter(condition) if value else queryset.exclude(condition)

    def with_first_contact(self, queryset, name, value):
        if value is None:
            return queryset
        condition = first_contact_q()
        return queryset.filter(condition) if value else queryset.exclude(condition)
