"""The certificates list's filters, shared by the page and the API; and the same filters
for the supplier portal, where the list is already the supplier's own."""

import django_filters
from django.db.models import Q

from relmgmt.core.dates import organization_today
from relmgmt.core.filtersets import IdFilter, filterset_organization
from suppliers.models import Certificate
from suppliers.models.certificates import CertificateType
from suppliers.selectors import certificates as certificate_selectors

# A certificate's end of validity: passed, within N days, or either (the newest of its type
# only).
EXPIRY_CHOICES = [
    ("expired", "Expired"),
    ("expired_or_30", "Expired or expiring within 30 days"),
    ("7", "Expiring within 7 days"),
    ("30", "Expiring within 30 days"),
    ("60", "Expiring within 60 days"),
    ("90", "Expiring within 90 days"),
]


class CertificateFilter(django_filters.FilterSet):
    """The certificates list's filters, shared by the page and the API."""

    q = django_filters.CharFilter(method="search", label="Search")
    type = django_filters.ChoiceFilter(choices=CertificateType.choices, empty_label="Any type")
    expiry = django_filters.ChoiceFilter(
        choices=EXPIRY_CHOICES,
        method="with_expiry",
        label="Validity",
        empty_label="Any",
        help_text="Expired, or expiring within N days; certificates replaced by a newer one of "
        "the same type are left out.",
    )
    supplier = IdFilter(field_name="supplier_id", label="Supplier (id)")
    o = django_filters.OrderingFilter(
        fields=(
            ("valid_to", "valid_to"),
            ("supplier__code", "supplier"),
            ("type", "type"),
            ("issuer", "issuer"),
        ),
        label="Sort by",
    )

    class Meta:
        model = Certificate
        fields = ["q", "type", "expiry", "supplier"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(
            Q(supplier__party__name__icontains=value)
            | Q(supplier__code__icontains=value)
            | Q(issuer__icontains=value)
            | Q(number__icontains=value)
        )

    def with_expiry(self, queryset, name, value):
        organization = filterset_organization(self)
        if organization is None:
            return queryset.none()
        return certificate_selectors.filter_expiry(
            queryset,
            organization=organization,
            value=value,
            today=organization_today(organization),
        )


# The supplier portal API's list: ``supplier = None`` drops the inherited filter (the list
# holds one supplier).
class PortalCertificateFilter(CertificateFilter):
    supplier = None
    o = django_filters.OrderingFilter(
        fields=(("valid_to", "valid_to"), ("type", "type"), ("issuer", "issuer")),
        label="Sort by",
    )

    class Meta(CertificateFilter.Meta):
        fields = ["q", "type", "expiry"]
