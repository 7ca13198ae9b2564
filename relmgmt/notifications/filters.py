from datetime import timedelta

import django_filters
from django.contrib.auth import get_user_model
from django.utils import timezone

from relmgmt.core.filtersets import FilterSet
from relmgmt.notifications import kinds
from relmgmt.notifications.models import Reminder

OPEN = [Reminder.Status.PENDING, Reminder.Status.SENDING]


def _members_of_request_org(request):
    organization = getattr(request, "organization", None)
    if organization is None:
        return get_user_model().objects.none()
    return get_user_model().objects.filter(memberships__organization=organization).distinct()


class ReminderFilter(FilterSet):
    """What goes out next and what went out: the Reminders page and the API share it."""

    kind = django_filters.ChoiceFilter(choices=kinds.choices)
    person = django_filters.ModelChoiceFilter(
        queryset=_members_of_request_org, field_name="recipients", label="Person"
    )
    status = django_filters.ChoiceFilter(choices=Reminder.Status.choices)
    within_days = django_filters.NumberFilter(
        method="filter_within_days", label="Going out within (days)", min_value=0, max_value=366
    )

    class Meta:
        model = Reminder
        fields = ["kind", "person", "status", "within_days"]

    def filter_within_days(self, queryset, name, value):
        """What is still to go out within ``value`` days: open reminders only (a sent or
        cancelled one went out or will not), those already due first (they go out with the
        next dispatch)."""
        horizon = timezone.now() + timedelta(days=int(value))
        return queryset.filter(status__in=OPEN, send_at__lte=horizon)
