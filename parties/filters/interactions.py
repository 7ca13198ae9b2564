"""Filters of interactions and follow-up actions, shared by the pages and the API (same
names, same meaning)."""

import django_filters
from django.db.models import Q
from django.utils import timezone

from parties.filters.register import _member_users, _parties
from parties.models import FollowUp, Interaction
from relmgmt.core.filtersets import FilterSet, IdFilter


class InteractionFilter(FilterSet):
    q = django_filters.CharFilter(method="search", label="Search")
    party = django_filters.ModelChoiceFilter(queryset=_parties, label="Party")
    kind = django_filters.ChoiceFilter(choices=Interaction.Kind.choices)
    occurred_from = django_filters.DateFilter(
        field_name="occurred_on", lookup_expr="gte", label="From"
    )
    occurred_to = django_filters.DateFilter(field_name="occurred_on", lookup_expr="lte", label="To")
    member = django_filters.ModelChoiceFilter(
        queryset=_member_users, field_name="members", label="Member taking part"
    )
    contact = IdFilter(field_name="contacts", label="Contact taking part")

    class Meta:
        model = Interaction
        fields = ["q", "party", "kind", "occurred_from", "occurred_to", "member", "contact"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(summary__icontains=value) | Q(decisions__icontains=value))


class FollowUpFilter(FilterSet):
    STATUS_CHOICES = [("open", "Open"), ("overdue", "Overdue"), ("done", "Done")]

    status = django_filters.ChoiceFilter(
        choices=STATUS_CHOICES, method="with_status", label="Status"
    )
    owner = django_filters.ModelChoiceFilter(queryset=_member_users, label="Owner")
    party = django_filters.ModelChoiceFilter(
        queryset=_parties, field_name="interaction__party", label="Party"
    )
    interaction = IdFilter(field_name="interaction_id", label="Interaction")

    class Meta:
        model = FollowUp
        fields = ["status", "owner", "party", "interaction"]

    def with_status(self, queryset, name, value):
        if value == "done":
            return queryset.filter(done_at__isnull=False)
        queryset = queryset.filter(done_at__isnull=True)
        if value == "overdue":
            return queryset.filter(due_on__lt=timezone.localdate())
        return queryset
