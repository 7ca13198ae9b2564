"""Claiming due reminders and sending them, so that none is lost and none goes out twice.

The dispatcher claims due rows in one short transaction (``FOR UPDATE SKIP LOCKED`` on
PostgreSQL; on SQLite the immediate transaction makes the same claim exclusive), stamping
them with a claim token and a lease: a row whose sender died becomes due again when its
lease ends. The sends are enqueued after commit, in batches per organisation. A send marks
its row sent with an update guarded by the claim token (which also locks the row), records
the notifications and hands the email to the mail server, all in one transaction: a failed
email rolls the mark back. The one window for a duplicate: the mail server accepted the
message and the process died before that transaction committed.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail import get_connection
from django.db import connection, transaction
from django.db.models import F, Model
from django.utils import timezone

from relmgmt.core.scoping import org_scope, scopes_disabled
from relmgmt.notifications import kinds
from relmgmt.notifications.models import Notification, Reminder
from relmgmt.notifications.services import delivery
from relmgmt.notifications.services.audience import Audience
from relmgmt.policy import Role
from relmgmt.tenancy.models import Membership

if TYPE_CHECKING:
    from django.core.mail.backends.base import BaseEmailBackend

    from relmgmt.accounts.models import User
    from relmgmt.notifications.kinds import ReminderKind
    from relmgmt.tenancy.models import Organization

logger = logging.getLogger(__name__)

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


def lease() -> timedelta:
    return timedelta(seconds=settings.RELMGMT_REMINDER_LEASE_SECONDS)


def claim_due(*, limit: int = 5000, now: datetime | None = None) -> Claim:
    """Claim up to ``limit`` due reminders (pending, or sending with an expired lease)."""
    now = now or timezone.now()
    token = uuid.uuid4()
    by_organization: dict[int, list[int]] = {}
    with scopes_disabled(), transaction.atomic():
        # A suspended organisation's reminders wait (unclaimed) until it is resumed.
        due = Reminder.objects.filter(
            status__in=OPEN, next_attempt_at__lte=now, organization__suspended_at__isnull=True
        ).order_by("next_attempt_at", "id")
        if connection.features.has_select_for_update_skip_locked:
            due = due.select_for_update(skip_locked=True, of=("self",))
        rows = list(due.values_list("id", "organization_id")[:limit])
        if not rows:
            return Claim(token, {})
        Reminder.objects.filter(id__in=[row_id for row_id, _ in rows]).update(
            status=Reminder.Status.SENDING,
            claim_token=token,
            claimed_at=now,
            next_attempt_at=now + lease(),
            attempts=F("attempts") + 1,
        )
    for row_id, organization_id in rows:
        by_organization.setdefault(organization_id, []).append(row_id)
    return Claim(token, by_organization)


def send_batch(
    *, organization: Organization, reminder_ids: list[int], token: str
) -> dict[str, int]:
    """Send a batch of claimed reminders of one organisation over one mail server session.

    Returns how many were sent, skipped, cancelled, left to retry, or failed.
    """
    outcomes: dict[str, int] = {}
    with org_scope(organization):
        audience = Audience.load(organization, reminder_ids)
        # One session for the batch: connecting to the mail server costs more than sending.
        mail = get_connection(fail_silently=False)
        try:
            for reminder_id in reminder_ids:
                outcome = _send_one(audience, reminder_id, token, mail)
                outcomes[outcome] = outcomes.get(outcome, 0) + 1
        finally:
            _close_quietly(mail)
    return outcomes


def send_reminder(*, organization: Organization, reminder_id: int, token: str) -> str:
    """Send one claimed reminder; returns sent, skipped, cancelled, retry or failed."""
    (outcome,) = send_batch(organization=organization, reminder_ids=[reminder_id], token=token)
    return outcome


def _send_one(audience: Any, reminder_id: int, token: str, mail: BaseEmailBackend | None) -> str:
    organization = audience.organization
    reminder = audience.reminders.get(reminder_id)
    if reminder is None:
        return "skipped"
    # The guarded update takes the row's lock: a second sender of the same claim waits for
    # this transaction, then finds the row no longer claimed and skips it.
    claimed = Reminder.objects.filter(
        pk=reminder_id, status=Reminder.Status.SENDING, claim_token=token
    )
    try:
        with transaction.atomic():
            kind = kinds.get(reminder.kind)
            record = audience.record(reminder)
            recipients = audience.recipients(reminder, kind, record) if kind and record else []
            reason = _reason_to_cancel(kind, reminder, record, recipients)
            if reason:
                if not claimed.update(status=Reminder.Status.CANCELLED, cancelled_reason=reason):
                    return "skipped"  # sent, cancelled or reclaimed by another dispatch
                return "cancelled"
            if not claimed.update(
                status=Reminder.Status.SENT, sent_at=timezone.now(), last_error=""
            ):
                return "skipped"
            # Recorded as sent in this transaction: if the email fails, both roll back.
            modes = audience.modes(kind, recipients)
            links = delivery.links_for(
                organization, reminder, kind, record, recipients, audience.portal_users
            )
            delivery.deliver(organization, reminder, kind, recipients, modes, mail, links=links)
            return "sent"
    except Exception as error:  # the mail server refused or timed out, or a bug
        logger.warning("Reminder %s not sent: %s", reminder_id, error)
        _close_quietly(mail)  # a broken session is not reused; the next send reconnects
        return _record_failure(organization, reminder_id, token, error)


def _close_quietly(mail: BaseEmailBackend) -> None:
    """Closing a session the server has already dropped may itself fail; that must not
    hide the failure being recorded, nor fail a batch whose sends are committed."""
    try:
        mail.close()
    except Exception as error:
        logger.info("Closing the mail session failed: %s", error)


def _reason_to_cancel(
    kind: ReminderKind | None, reminder: Reminder, record: Model | None, recipients: Sequence[User]
) -> str | None:
    if kind is None:
        return f"unknown kind {reminder.kind}"
    if record is None:
        return "the record was deleted"
    if kind.is_done(record):
        return "the record is done"
    if not recipients:
        return "no recipient is a member any more"
    return None


def _record_failure(
    organization: Organization, reminder_id: int, token: Any, error: BaseException
) -> str:
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


def _tell_admins_of_failure(organization: Organization, reminder: Reminder) -> None:
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
