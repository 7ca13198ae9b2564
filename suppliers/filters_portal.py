"""Filters of the buyer's lists of requests to suppliers and of proposed profile changes,
shared by the pages and the API; and the same filters for the supplier portal API, where
the list is already the supplier's own, so nothing filters or sorts by supplier and nothing
sorts by what the portal does not show (a questionnaire's score)."""

import django_filters
from django.db.models import Q

from relmgmt.notifications.models import Notification
from suppliers.filters import CertificateFilter
from suppliers.filters_deliveries import StableOrderingFilter, _suppliers
from suppliers.filters_questionnaires import QuestionnaireRequestFilter
from suppliers.models import ProfileChange, SupplierRequest
from suppliers.models.portal import ProfileChangeKind, ProfileChangeStatus
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


# --- The supplier portal API: the supplier's own records ---------------------------------
# ``supplier = None`` drops the inherited filter: the portal's lists hold one supplier.


class PortalRequestFilter(SupplierRequestFilter):
    supplier = None
    o = StableOrderingFilter(
        fields=(("due_date", "due_date"), ("sent_at", "sent_at"), ("status", "status")),
        label="Sort by",
    )

    class Meta(SupplierRequestFilter.Meta):
        fields = ["q", "status", "kind", "overdue"]


class PortalProfileChangeFilter(ProfileChangeFilter):
    supplier = None

    class Meta(ProfileChangeFilter.Meta):
        fields = ["status", "kind"]


class PortalCertificateFilter(CertificateFilter):
    supplier = None
    o = django_filters.OrderingFilter(
        fields=(("valid_to", "valid_to"), ("type", "type"), ("issuer", "issuer")),
        label="Sort by",
    )

    class Meta(CertificateFilter.Meta):
        fields = ["q", "type", "expiry"]


class PortalQuestionnaireFilter(QuestionnaireRequestFilter):
    supplier = None
    o = django_filters.OrderingFilter(
        fields=(("sent_at", "sent"), ("due_date", "due")), label="Sort by"
    )

    class Meta(QuestionnaireRequestFilter.Meta):
        fields = ["q", "status", "overdue", "template"]


class PortalNotificationFilter(django_filters.FilterSet):
    unread = django_filters.BooleanFilter(
        field_name="read_at", lookup_expr="isnull", label="Unread", help_text="Not yet read."
    )

    class Meta:
        model = Notification
        fields = ["unread"]
