"""Filters of the register (parties and their needs), shared by the pages and the API (same
names, same meaning); and the choices every list's filters offer: the organisation's
members and parties."""

from datetime import timedelta

import django_filters
from django.conf import settings
from django.db import connections
from django.db.models import Q
from django.utils import timezone

from parties.models import Need, Party, PartyType, Tier
from parties.selectors import register as party_selectors
from relmgmt.core.filtersets import FilterSet, IdFilter, StableOrderingFilter, organization_choices
from relmgmt.tenancy.selectors import member_users

_member_users = organization_choices(member_users, settings.AUTH_USER_MODEL)


class PartyFilter(FilterSet):
    REVIEW_DUE_CHOICES = [
        ("overdue", "Overdue"),
        ("30", "Due within 30 days"),
        ("90", "Due within 90 days"),
    ]

    q = django_filters.CharFilter(method="search", label="Search")
    type = django_filters.ChoiceFilter(
        choices=PartyType.choices, method="with_type", label="Type", empty_label="Any type"
    )
    tier = django_filters.ChoiceFilter(choices=Tier.choices, empty_label="Any tier")
    status = django_filters.ChoiceFilter(choices=Party.Status.choices, empty_label="Any status")
    owner = django_filters.ModelChoiceFilter(
        queryset=_member_users, label="Owner", empty_label="Anyone"
    )
    tag = django_filters.CharFilter(method="with_tag", label="Tag")
    review_due = django_filters.ChoiceFilter(
        choices=REVIEW_DUE_CHOICES, method="with_review_due", label="Review", empty_label="Any date"
    )
    o = StableOrderingFilter(
        fields=(
            ("name", "name"),
            ("tier", "tier"),
            ("status", "status"),
            ("owner__full_name", "owner"),
            ("influence", "influence"),
            ("interest", "interest"),
            ("next_review_due", "next_review_due"),
            ("updated_at", "updated"),
        ),
        label="Sort by",
        tiebreaker=("name",),  # unique within the organisation
    )

    class Meta:
        model = Party
        fields = ["q", "type", "tier", "status", "owner", "tag", "review_due"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(description__icontains=value))

    def with_type(self, queryset, name, value):
        # types is a JSON list of choice values. PostgreSQL asks whether the list contains
        # the value, which an index answers (migration 0002); SQLite, which cannot ask
        # that, matches the quoted value in the list's text.
        if connections[queryset.db].vendor == "postgresql":
            return queryset.filter(types__contains=[value])
        return queryset.filter(types__icontains=f'"{value}"')

    def with_tag(self, queryset, name, value):
        tag = " ".join(value.split()).lower()
        return queryset.filter(tags__icontains=f'"{tag}"') if tag else queryset

    def with_review_due(self, queryset, name, value):
        today = timezone.localdate()
        if value == "overdue":
            return queryset.filter(next_review_due__lt=today).exclude(status="inactive")
        horizon = today + timedelta(days=int(value))
        return queryset.filter(next_review_due__lte=horizon).exclude(status="inactive")


class NeedFilter(FilterSet):
    party = IdFilter(field_name="party_id")
    status = django_filters.ChoiceFilter(choices=Need.Status.choices)
    qms_relevant = django_filters.BooleanFilter()

    class Meta:
        model = Need
        fields = ["party", "status", "qms_relevant"]


_parties = organization_choices(party_selectors.parties, Party)
