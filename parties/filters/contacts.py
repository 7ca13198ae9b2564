"""Filters of the contact list and the contact API (same names, same meaning)."""

import django_filters
from django.db.models import Q

from parties.filters.register import _parties
from parties.models import Contact
from relmgmt.core.filtersets import FilterSet


class ContactFilter(FilterSet):
    CONSENT_CHOICES = [
        ("given", "May be contacted"),
        ("withdrawn", "Consent withdrawn"),
        ("none", "No consent recorded"),
        ("erased", "Erased"),
    ]

    q = django_filters.CharFilter(method="search", label="Search")
    party = django_filters.ModelChoiceFilter(queryset=_parties, label="Party")
    consent = django_filters.ChoiceFilter(
        choices=CONSENT_CHOICES, method="with_consent", label="Consent"
    )
    preferred_channel = django_filters.ChoiceFilter(
        choices=Contact.Channel.choices, label="Preferred channel"
    )
    o = django_filters.OrderingFilter(
        fields=(("name", "name"), ("party__name", "party"), ("updated_at", "updated")),
        label="Sort by",
    )

    class Meta:
        model = Contact
        fields = ["q", "party", "consent", "preferred_channel"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value) | Q(email__icontains=value) | Q(job_title__icontains=value)
        )

    def with_consent(self, queryset, name, value):
        if value == "erased":
            return queryset.filter(erased_at__isnull=False)
        queryset = queryset.filter(erased_at__isnull=True)
        if value == "given":
            given = queryset.filter(consent_given_at__isnull=False)
            return given.filter(consent_withdrawn_at__isnull=True)
        if value == "withdrawn":
            return queryset.filter(consent_withdrawn_at__isnull=False)
        return queryset.filter(consent_given_at__isnull=True)
