from datetime import timedelta

from django.db.models import Count
from django.utils import timezone

from relmgmt.audit.recorder import model_label as label_of
from relmgmt.notifications.models import Notification, NotificationPreference, Reminder


def reminders(*, organization):
    return Reminder.objects.filter(organization=organization)


def upcoming(*, organization, days: int = 30):
    horizon = timezone.now() + timedelta(days=days)
    return reminders(organization=organization).filter(
        status__in=[Reminder.Status.PENDING, Reminder.Status.SENDING], send_at__lte=horizon
    )


def reminders_of(record, *, organization):
    return (
        reminders(organization=organization)
        .filter(model_label=label_of(type(record)), object_id=str(record.pk))
        .order_by("send_at", "escalation_level")
    )


def status_counts(*, organization=None) -> dict[str, int]:
    """Reminders per status (all organisations when none is given: operators' view)."""
    queryset = (
        Reminder.objects.all() if organization is None else reminders(organization=organization)
    )
    return dict(queryset.values_list("status").annotate(n=Count("id")).order_by())


def notifications_of(*, organization, user):
    return Notification.objects.filter(organization=organization, user=user)


def unread_count(*, organization, user) -> int:
    return (
        notifications_of(organization=organization, user=user).filter(read_at__isnull=True).count()
    )


def preferences_of(*, organization, user) -> dict[str, str]:
    return dict(
        NotificationPreference.objects.filter(organization=organization, user=user).values_list(
            "kind", "mode"
        )
    )
