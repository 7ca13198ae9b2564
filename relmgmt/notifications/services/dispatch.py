"""Claiming due reminders and sending them, so that none is lost and none goes out twice.

The dispatcher claims due rows in one short transaction (``FOR UPDATE SKIP LOCKED`` on
PostgreSQL; on SQLite the immediate transaction makes the same claim exclusive), stamping
them with a claim token and a lease: a row whose sender died becomes due again when its
lease ends. The sends are enqueued after commit. A send re-reads its row under lock and
goes on only if the row is still claimed by the same token; it marks the row sent in the
transaction that records the send (notifications). The one window for a duplicate: the
mail server accepted the message and the process died before that transaction committed.
"""

import logging
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import connection, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone

from relmgmt.core.scoping import org_scope, scopes_disabled
from relmgmt.notifications import kinds
from relmgmt.notifications.models import (
    Notification,
    NotificationPreference,
    Reminder,
    ReminderRecipient,
)
from relmgmt.policy import Role
from relmgmt.tenancy.models import Membership

logger = logging.getLogger(__name__)

LEASE = timedelta(minutes=10)
MAX_ATTEMPTS = 6
BACKOFF_BASE = timedelta(minutes=2)
OPEN = [Reminder.Status.PENDING, Reminder.Status.SENDING]


@dataclass
class Claim:
    token: uuid.UUID
    by_organization: dict[int, list[int]]

    @property
    def count(self) -> int:
        return sum(len(ids) for ids in self.by_organization.values())


def claim_due(*, limit: int = 5000, now=None) -> Claim:
    """Claim up to ``limit`` due reminders (pending, or sending with an expired lease)."""
    now = now or timezone.now()
    token = uuid.uuid4()
    by_organization: dict[int, list[int]] = {}
    with scopes_disabled(), transaction.atomic():
        due = Reminder.objects.filter(status__in=OPEN, next_attempt_at__lte=now).order_by(
            "next_attempt_at", "id"
        )
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True, of=("self",))
        rows = list(due.values_list("id", "organization_id")[:limit])
        if not rows:
            return Claim(token, {})
        Reminder.objects.filter(id__in=[row_id for row_id, _ in rows]).update(
            status=Reminder.Status.SENDING,
            claim_token=token,
            claimed_at=now,
            next_attempt_at=now + LEASE,
            attempts=F("attempts") + 1,
        )
    for row_id, organization_id in rows:
        by_organization.setdefault(organization_id, []).append(row_id)
    return Claim(token, by_organization)


def send_reminder(*, organization, reminder_id: int, token: str) -> str:
    """Send one claimed reminder. Returns what happened: sent, skipped, cancelled, retry, failed."""
    with org_scope(organization):
        try:
            with transaction.atomic():
                reminder = (
                    Reminder.objects.select_for_update()
                    .filter(pk=reminder_id, status=Reminder.Status.SENDING, claim_token=token)
                    .first()
                )
                if reminder is None:
                    return "skipped"  # sent, cancelled or reclaimed by another dispatch
                reason = _reason_to_cancel(organization, reminder)
                if reason is None:
                    recipients = _recipients(organization, reminder)
                    if not recipients:
                        reason = "no recipient is a member any more"
                if reason:
                    reminder.status = Reminder.Status.CANCELLED
                    reminder.cancelled_reason = reason
                    reminder.save(update_fields=["status", "cancelled_reason"])
                    return "cancelled"
                _deliver(organization, reminder, recipients)
                reminder.status = Reminder.Status.SENT
                reminder.sent_at = timezone.now()
                reminder.last_error = ""
                reminder.save(update_fields=["status", "sent_at", "last_error"])
                return "sent"
        except Exception as error:  # the mail server refused or timed out, or a bug
            logger.warning("Reminder %s not sent: %s", reminder_id, error)
            return _record_failure(organization, reminder_id, token, error)


def _reason_to_cancel(organization, reminder) -> str | None:
    kind = kinds.get(reminder.kind)
    if kind is None:
        return f"unknown kind {reminder.kind}"
    record = _record_of(reminder)
    if record is None:
        return "the record was deleted"
    if kind.is_done(record):
        return "the record is done"
    return None


def _record_of(reminder):
    try:
        model = apps.get_model(reminder.model_label)
    except LookupError:
        return None
    return model._default_manager.filter(pk=reminder.object_id).first()


def _recipients(organization, reminder) -> list:
    """Who receives it now: only people who are still members of the organisation."""
    members = Membership.objects.active().select_related("user")
    if reminder.escalation_level == 2:
        candidates = [m.user for m in members.filter(role=Role.ADMIN)]
    elif reminder.escalation_level == 1:
        owner = kinds.get(reminder.kind).owner(_record_of(reminder))
        candidates = [owner] if owner else []
    else:
        ids = ReminderRecipient.objects.filter(reminder=reminder).values_list("user_id", flat=True)
        candidates = [m.user for m in members.filter(user_id__in=list(ids))]
    member_ids = set(members.values_list("user_id", flat=True))
    return [user for user in candidates if user.pk in member_ids and user.is_active]


def _modes(organization, kind, users) -> dict[int, str]:
    required = kind.required or kind.key in organization.settings.get("required_kinds", [])
    stored = dict(
        NotificationPreference.objects.filter(kind=kind.key, user__in=users).values_list(
            "user_id", "mode"
        )
    )
    modes = {}
    for user in users:
        mode = stored.get(user.pk, NotificationPreference.Mode.IMMEDIATE)
        if required and mode == NotificationPreference.Mode.OFF:
            mode = NotificationPreference.Mode.IMMEDIATE
        modes[user.pk] = mode
    return modes


def _deliver(organization, reminder, recipients) -> None:
    kind = kinds.get(reminder.kind)
    modes = _modes(organization, kind, recipients)
    title = _title(reminder, kind)
    email_state = {
        NotificationPreference.Mode.IMMEDIATE: Notification.Email.SENT,
        NotificationPreference.Mode.DIGEST: Notification.Email.DIGEST,
    }
    Notification.objects.bulk_create(
        [
            Notification(
                organization=organization,
                user=user,
                reminder=reminder,
                kind=kind.key,
                title=title,
                url=reminder.url,
                email=email_state[modes[user.pk]],
            )
            for user in recipients
            if modes[user.pk] != NotificationPreference.Mode.OFF
        ]
    )
    immediate = [
        u.email for u in recipients if modes[u.pk] == NotificationPreference.Mode.IMMEDIATE
    ]
    if immediate:
        _email(organization, immediate, title, reminder, kind)


def _title(reminder, kind) -> str:
    prefix = {1: "Overdue: ", 2: "Escalated, overdue: "}.get(reminder.escalation_level, "")
    return f"{prefix}{kind.label}: {reminder.object_repr} (due {reminder.due_date:%d %b %Y})"[:200]


def _email(organization, to, title, reminder, kind) -> None:
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
    )
    message.attach_alternative(
        render_to_string("notifications/email/reminder.html", context), "text/html"
    )
    get_connection(fail_silently=False).send_messages([message])


def sender(organization) -> str:
    address = settings.DEFAULT_FROM_EMAIL
    if "<" in address:
        address = address[address.find("<") + 1 : address.rfind(">")]
    name = organization.name.replace('"', "'")
    return f'"{name}" <{address}>'


def _record_failure(organization, reminder_id, token, error) -> str:
    with transaction.atomic():
        reminder = (
            Reminder.objects.select_for_update()
            .filter(pk=reminder_id, status=Reminder.Status.SENDING, claim_token=token)
            .first()
        )
        if reminder is None:
            return "skipped"
        reminder.last_error = f"{type(error).__name__}: {error}"[:2000]
        reminder.claim_token = None
        if reminder.attempts >= MAX_ATTEMPTS:
            reminder.status = Reminder.Status.FAILED
            reminder.save(update_fields=["status", "last_error", "claim_token"])
            _tell_admins_of_failure(organization, reminder)
            return "failed"
        reminder.status = Reminder.Status.PENDING
        reminder.next_attempt_at = timezone.now() + BACKOFF_BASE * (2 ** (reminder.attempts - 1))
        reminder.save(update_fields=["status", "last_error", "claim_token", "next_attempt_at"])
        return "retry"


def _tell_admins_of_failure(organization, reminder) -> None:
    admins = [
        m.user for m in Membership.objects.active().filter(role=Role.ADMIN).select_related("user")
    ]
    Notification.objects.bulk_create(
        [
            Notification(
                organization=organization,
                user=admin,
                reminder=reminder,
                kind=kinds.REMINDER_FAILED.key,
                title=f"A reminder could not be sent: {reminder.object_repr}"[:200],
                body=reminder.last_error,
                url=f"/o/{organization.slug}/reminders/?status=failed",
            )
            for admin in admins
        ]
    )
