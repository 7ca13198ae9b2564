"""Filters the two lists share: the supplier, the owner, and the age (opened at least so
many days ago)."""

from datetime import timedelta

import django_filters
from django.utils import timezone

from relmgmt.core.filtersets import organization_choices
from relmgmt.tenancy.selectors import member_users
from suppliers.selectors.register import suppliers


def supplier_filter():
    return django_filters.ModelChoiceFilter(
        queryset=organization_choices(suppliers, "suppliers.Supplier"), label="Supplier"
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
