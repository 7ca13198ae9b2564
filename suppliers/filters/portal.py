"""Filters of the proposed profile changes (the buyer's list, and the supplier's own in the
portal API) and of a portal user's notifications."""

import django_filters

from relmgmt.notifications.models import Notification
from suppliers.filters.deliveries import _suppliers
from suppliers.models import ProfileChange
from suppliers.models.portal import ProfileChangeKind, ProfileChangeStatus


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


# The supplier portal API's list: ``supplier = None`` drops the inherited filter (the list
# holds one supplier).
class PortalProfileChangeFilter(ProfileChangeFilter):
    supplier = None

    class Meta(ProfileChangeFilter.Meta):
        fields = ["status", "kind"]


class PortalNotificationFilter(django_filters.FilterSet):
    unread = django_filters.BooleanFilter(
        field_name="read_at", lookup_expr="isnull", label="Unread", help_text="Not yet read."
    )

    class Meta:
        model = Notification
        fields = ["unread"]
