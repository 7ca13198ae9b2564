"""Filters the two lists share: the supplier, the owner, the age (opened at least, or at
most, so many days ago) and whether the record is still open."""

from datetime import timedelta

import django_filters
from django.db.models import Q, Value
from django.db.models.functions import Concat
from django.utils import timezone

from relmgmt.core.filtersets import NamedChoiceFilter, organization_choices
from relmgmt.tenancy.selectors import member_users
from suppliers.selectors.register import suppliers


def supplier_filter():
    return NamedChoiceFilter(
        queryset=organization_choices(suppliers, "suppliers.Supplier"),
        label="Supplier",
        label_field=Concat("party__name", Value(" ("), "code", Value(")")),  # as its __str__
    )


def owner_filter():
    return django_filters.ModelChoiceFilter(
        queryset=organization_choices(member_users, "accounts.User"), label="Owner"
    )


def age_filter():
    return django_filters.NumberFilter(
        method="with_age", label="Open at least (days)", min_value=0, max_value=100000
    )


def with_age(queryset, name, value):
    if value is None:
        return queryset
    return queryset.filter(opened_at__lte=timezone.now() - timedelta(days=int(value)))


def age_max_filter():
    return django_filters.NumberFilter(
        method="with_age_max", label="Open at most (days)", min_value=0, max_value=100000
    )


def with_age_max(queryset, name, value):
    """Opened at most ``value`` whole days ago (the age buckets of the dashboard)."""
    if value is None:
        return queryset
    return queryset.filter(opened_at__gt=timezone.now() - timedelta(days=int(value) + 1))


def open_filter():
    return django_filters.BooleanFilter(
        method="with_open", label="Open", widget=django_filters.widgets.BooleanWidget
    )


def with_open(queryset, open_states, value):
    if value is None:
        return queryset
    condition = Q(state__in=open_states)
    return queryset.filter(condition) if value else queryset.exclude(condition)
