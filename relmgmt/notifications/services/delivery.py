"""What a sent reminder becomes: a notification for each recipient, and one email to those
who want it at once (the organisation's name as sender name, a link to the record)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.template.loader import render_to_string

from relmgmt.notifications.models import Notification, NotificationPreference

EMAIL_STATE = {
    NotificationPreference.Mode.IMMEDIATE: Notification.Email.SENT,
    NotificationPreference.Mode.DIGEST: Notification.Email.DIGEST,
}


def deliver(organization, reminder, kind, recipients, modes, mail=None) -> None:
    title = title_of(reminder, kind)
    Notification.objects.bulk_create(
        [
            Notification(
                organization=organization,
                user=user,
                reminder=reminder,
                kind=kind.key,
                title=title,
                url=reminder.url,
                email=EMAIL_STATE[modes[user.pk]],
            )
            for user in recipients
            if modes[user.pk] != NotificationPreference.Mode.OFF
        ]
    )
    immediate = [
        u.email for u in recipients if modes[u.pk] == NotificationPreference.Mode.IMMEDIATE
    ]
    if immediate:
        _email(organization, immediate, title, reminder, kind, mail)


def title_of(reminder, kind) -> str:
    prefix = {1: "Overdue: ", 2: "Escalated, overdue: "}.get(reminder.escalation_level, "")
    return f"{prefix}{kind.label}: {reminder.object_repr} (due {reminder.due_date:%d %b %Y})"[:200]


def _email(organization, to, title, reminder, kind, mail) -> None:
    context = {
        "organization": organization,
        "title": title,
        "reminder": reminder,
        "kind": kind,
        "link": settings.SITE_URL.rstrip("/") + reminder.url,
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


def sender(organization) -> str:
    address = settings.DEFAULT_FROM_EMAIL
    if "<" in address:
        address = address[address.find("<") + 1 : address.rfind(">")]
    name = organization.name.replace('"', "'")
    return f'"{name}" <{address}>'
