"""What a sent reminder becomes: a notification for each recipient, and one email to those
who want it at once (the organisation's name as sender name, a link to the record: one
email per link, where staff and supplier portal users open different pages)."""

from __future__ import annotations

from collections.abc import Container, Iterable, Sequence
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db.models import Model
from django.template.loader import render_to_string

from relmgmt.notifications.models import Notification, NotificationPreference

if TYPE_CHECKING:
    from django.core.mail.backends.base import BaseEmailBackend

    from relmgmt.accounts.models import User
    from relmgmt.notifications.kinds import ReminderKind
    from relmgmt.notifications.models import Reminder
    from relmgmt.tenancy.models import Organization

EMAIL_STATE = {
    NotificationPreference.Mode.IMMEDIATE: Notification.Email.SENT,
    NotificationPreference.Mode.DIGEST: Notification.Email.DIGEST,
}


def links_for(
    organization: Organization,
    reminder: Reminder,
    kind: ReminderKind,
    record: Model | None,
    recipients: Iterable[User],
    portal_users: Container[int],
) -> dict[int, str]:
    """Each recipient's link: the page the kind names for their side (staff or supplier
    portal), or the reminder's own."""
    sides = {
        portal: kind.url_for(organization, record, portal=portal) or reminder.url
        for portal in (False, True)
    }
    return {user.pk: sides[user.pk in portal_users] for user in recipients}


def deliver(
    organization: Organization,
    reminder: Reminder,
    kind: ReminderKind,
    recipients: Sequence[User],
    modes: dict[int, str],
    mail: BaseEmailBackend | None = None,
    *,
    links: dict[int, str] | None = None,
) -> None:
    title = title_of(reminder, kind)
    links = links or {}
    Notification.objects.bulk_create(
        [
            Notification(
                organization=organization,
                user=user,
                reminder=reminder,
                kind=kind.key,
                title=title,
                url=links.get(user.pk, reminder.url),
                email=EMAIL_STATE[modes[user.pk]],
            )
            for user in recipients
            if modes[user.pk] != NotificationPreference.Mode.OFF
        ]
    )
    immediate: dict[str, list[str]] = {}
    for user in recipients:
        if modes[user.pk] == NotificationPreference.Mode.IMMEDIATE:
            immediate.setdefault(links.get(user.pk, reminder.url), []).append(user.email)
    for url, addresses in immediate.items():
        _email(organization, addresses, title, reminder, kind, mail, url=url)


def title_of(reminder: Reminder, kind: ReminderKind) -> str:
    prefix = {1: "Overdue: ", 2: "Escalated, overdue: "}.get(reminder.escalation_level, "")
    return f"{prefix}{kind.label}: {reminder.object_repr} (due {reminder.due_date:%d %b %Y})"[:200]


def _email(
    organization: Organization,
    to: list[str],
    title: str,
    reminder: Reminder,
    kind: ReminderKind,
    mail: BaseEmailBackend | None,
    *,
    url: str,
) -> None:
    context = {
        "organization": organization,
        "title": title,
        "reminder": reminder,
        "kind": kind,
        "link": settings.SITE_URL.rstrip("/") + url,
    }
    message = EmailMultiAlternatives(
        subject=title,
        body=render_to_string("notifications/email/reminder.txt", context),
        from_email=sender(organization),
        to=to,
        headers={"X-Relmgmt-Reminder": str(reminder.pk)},
    )
    message.attach_alternative(
        render_to_string("notifications/email/reminder.html", context), "text/html"
    )
    if mail is None:
        get_connection(fail_silently=False).send_messages([message])
    else:
        mail.open()  # opens once; an open session makes send_messages keep it open
        mail.send_messages([message])


def sender(organization: Organization) -> str:
    address = settings.DEFAULT_FROM_EMAIL
    if "<" in address:
        address = address[address.find("<") + 1 : address.rfind(">")]
    name = organization.name.replace('"', "'")
    return f'"{name}" <{address}>'
