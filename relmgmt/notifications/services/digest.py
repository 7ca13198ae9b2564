"""The daily digest: one email per person, organisation and day, of what waited for it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from relmgmt.core.scoping import org_scope
from relmgmt.notifications.models import DigestRun, Notification
from relmgmt.notifications.services.delivery import sender

if TYPE_CHECKING:
    from relmgmt.accounts.models import User
    from relmgmt.tenancy.models import Organization

DIGEST_HOUR = 7  # local time from which the day's digest goes out


def digest_due(organization: Organization, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return now.astimezone(ZoneInfo(organization.timezone)).hour >= DIGEST_HOUR


def users_waiting_for_a_digest(organization: Organization) -> list[int]:
    with org_scope(organization):
        return list(
            Notification.objects.filter(email=Notification.Email.DIGEST)
            .values_list("user_id", flat=True)
            .distinct()
        )


def digest_send(*, organization: Organization, user: User, now: datetime | None = None) -> int:
    """Send ``user`` today's digest; returns how many notifications it held (0: none sent)."""
    now = now or timezone.now()
    day = now.astimezone(ZoneInfo(organization.timezone)).date()
    with org_scope(organization):
        try:
            with transaction.atomic():
                run = DigestRun.objects.create(organization=organization, user=user, day=day)
                waiting = list(
                    Notification.objects.select_for_update()
                    .filter(user=user, email=Notification.Email.DIGEST)
                    .order_by("created_at")
                )
                if not waiting:
                    transaction.set_rollback(True)
                    return 0
                _email(organization, user, waiting, day)
                Notification.objects.filter(pk__in=[n.pk for n in waiting]).update(
                    email=Notification.Email.DIGESTED
                )
                run.sent_at = timezone.now()
                run.notification_count = len(waiting)
                run.save(update_fields=["sent_at", "notification_count"])
                return len(waiting)
        except IntegrityError:
            return 0  # today's digest of this person has gone out already


def _email(
    organization: Organization, user: User, notifications: Sequence[Notification], day: date
) -> None:
    context = {
        "organization": organization,
        "user": user,
        "notifications": notifications,
        "day": day,
        "site": settings.SITE_URL.rstrip("/"),
    }
    message = EmailMultiAlternatives(
        subject=f"Your daily summary from {organization.name}: {len(notifications)} item(s)",
        body=render_to_string("notifications/email/digest.txt", context),
        from_email=sender(organization),
        to=[user.email],
    )
    message.attach_alternative(
        render_to_string("notifications/email/digest.html", context), "text/html"
    )
    get_connection(fail_silently=False).send_messages([message])
