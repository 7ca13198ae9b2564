"""The supplier list's filters, shared by the page and the API (same names, same meaning).

Each filter is a method or a field of its own, so filters that need other records
(scorecard standing, certificates expiring) slot in beside these without touching them.
"""

from datetime import timedelta

import django_filters
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from relmgmt.core.dates import organization_today
from relmgmt.core.filtersets import (
    FilterSet,
    StableOrderingFilter,
    filterset_organization,
    filterset_today,
    organization_choices,
)
from relmgmt.tenancy.selectors import member_users
from suppliers.filters.certificates import EXPIRY_CHOICES
from suppliers.models import Supplier
from suppliers.models.register import ApprovalStatus, Category, Criticality
from suppliers.selectors import certificates as certificate_selectors
from suppliers.selectors import scorecards as scorecard_selectors

_member_users = organization_choices(member_users, settings.AUTH_USER_MODEL)


STANDING_CHOICES = [
    (standing.value, standing.label) for standing in scorecard_selectors.RANKED_STANDINGS
]


class SupplierFilter(FilterSet):
    REEVALUATION_CHOICES = [
        ("overdue", "Overdue"),
        ("30", "Due within 30 days"),
        ("90", "Due within 90 days"),
    ]

    q = django_filters.CharFilter(method="search", label="Search")
    status = django_filters.ChoiceFilter(
        choices=ApprovalStatus.choices, label="Approval status", empty_label="Any status"
    )
    criticality = django_filters.ChoiceFilter(
        choices=Criticality.choices, empty_label="Any criticality"
    )
    category = django_filters.ChoiceFilter(
        choices=Category.choices, method="with_category", label="Category", empty_label="Any"
    )
    owner = django_filters.ModelChoiceFilter(
        queryset=_member_users, label="Owner", empty_label="Anyone"
    )
    reevaluation = django_filters.ChoiceFilter(
        choices=REEVALUATION_CHOICES,
        method="with_reevaluation_due",
        label="Re-evaluation",
        empty_label="Any date",
    )
    certificates = django_filters.ChoiceFilter(
        choices=[("flagged", "Required certificate missing or expired"), *EXPIRY_CHOICES],
        method="with_certificates",
        label="Certificates",
        empty_label="Any",
    )
    standing = django_filters.ChoiceFilter(
        choices=[*STANDING_CHOICES, ("none", "No data")],
        method="with_standing",
        label="Scorecard standing",
        empty_label="Any standing",
        help_text="In the supplier's latest scored period.",
    )
    o = StableOrderingFilter(
        fields=(
            ("code", "code"),
            ("party__name", "name"),
            ("status", "status"),
            ("criticality", "criticality"),
            ("owner__full_name", "owner"),
            ("next_evaluation_due", "next_evaluation_due"),
            ("updated_at", "updated"),
        ),
        label="Sort by",
        tiebreaker=("code",),  # unique within the organisation
    )

    class Meta:
        model = Supplier
        fields = [
            "q",
            "status",
            "criticality",
            "category",
            "owner",
            "reevaluation",
            "certificates",
            "standing",
        ]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(party__name__icontains=value) | Q(code__icontains=value))

    def with_category(self, queryset, name, value):
        # categories is a JSON list of choice values; match the quoted value in its text.
        return queryset.filter(categories__icontains=f'"{value}"')

    def with_reevaluation_due(self, queryset, name, value):
        today = filterset_today(self) or timezone.localdate()
        queryset = queryset.exclude(status=ApprovalStatus.DISQUALIFIED)
        if value == "overdue":
            return queryset.filter(next_evaluation_due__lt=today)
        return queryset.filter(next_evaluation_due__lte=today + timedelta(days=int(value)))

    def with_certificates(self, queryset, name, value):
        organization = filterset_organization(self)
        if organization is None:
            return queryset.none()
        if value == "flagged":
            return certificate_selectors.flagged_suppliers(queryset, organization=organization)
        return certificate_selectors.suppliers_with_certificates_expiring(
            queryset,
            organization=organization,
            value=value,
            today=organization_today(organization),
        )

    def with_standing(self, queryset, name, value):
        organization = filterset_organization(self)
        if organization is None:
            return queryset.none()
        queryset = scorecard_selectors.with_latest_standing(queryset, organization=organization)
        if value == "none":
            return queryset.filter(latest_standing__isnull=True)
        return queryset.filter(latest_standing=value)
