from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.db.models import Count, Model, QuerySet
from django.utils import timezone

from relmgmt.audit.recorder import model_label as label_of
from relmgmt.notifications.models import Notification, NotificationPreference, Reminder

if TYPE_CHECKING:
    from relmgmt.accounts.models import User
    from relmgmt.tenancy.models import Organization


def reminders(*, organization: Organization) -> QuerySet[Reminder]:
    return Reminder.objects.filter(organization=organization)


def upcoming(*, organization: Organization, days: int = 30) -> QuerySet[Reminder]:
    horizon = timezone.now() + timedelta(days=days)
    return reminders(organization=organization).filter(
        status__in=[Reminder.Status.PENDING, Reminder.Status.SENDING], send_at__lte=horizon
    )


def reminders_of(record: Model, *, organization: Organization) -> QuerySet[Reminder]:
    return reminders_by_label(label_of(type(record)), str(record.pk), organization=organization)


def reminders_by_label(
    label: str, object_id: str, *, organization: Organization
) -> QuerySet[Reminder]:
    """The reminders of the record of kind ``label`` ("parties.party") and id."""
    return (
        reminders(organization=organization)
        .filter(model_label=label, object_id=object_id)
        .order_by("send_at", "escalation_level")
    )


def status_counts(*, organization: Organization | None = None) -> dict[str, int]:
    """Reminders per status (all organisations when none is given: operators' view)."""
    queryset = (
        Reminder.objects.all() if organization is None else reminders(organization=organization)
    )
    return dict(queryset.values_list("status").annotate(n=Count("id")).order_by())


def notifications_of(*, organization: Organization, user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(organization=organization, user=user)


def unread_count(*, organization: Organization, user: User) -> int:
    return (
        notifications_of(organization=organization, user=user).filter(read_at__isnull=True).count()
    )


def preferences_of(*, organization: Organization, user: User) -> dict[str, str]:
    return dict(
        NotificationPreference.objects.filter(organization=organization, user=user).values_list(
            "kind", "mode"
        )
    )
