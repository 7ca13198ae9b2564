"""What the domain apps call: schedule a reminder for a record, move it, cancel it."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Model

from relmgmt.audit.recorder import model_label as label_of
from relmgmt.core.scoping import org_scope
from relmgmt.notifications import kinds
from relmgmt.notifications.models import Reminder, ReminderRecipient

if TYPE_CHECKING:
    from relmgmt.accounts.models import User
    from relmgmt.tenancy.models import Organization

SEND_HOUR = 8  # reminders go out at 08:00 in the organisation's time zone
OPEN = [Reminder.Status.PENDING, Reminder.Status.SENDING]


def local_send_time(organization: Organization, day: date) -> datetime:
    return datetime.combine(day, time(SEND_HOUR), tzinfo=ZoneInfo(organization.timezone))


def reminder_schedule(
    *,
    organization: Organization,
    kind: str,
    record: Model,
    due_date: date,
    recipients: Iterable[User],
    url: str,
    send_on: date | None = None,
) -> Reminder:
    """Schedule the reminder of ``record`` due on ``due_date`` (idempotent).

    It goes out on ``send_on`` (default: the due date), at 08:00 in the organisation's time
    zone. Open reminders of the same kind for another due date are cancelled as moved. A
    kind with escalation also gets its follow-ups: the owner N days after the due date, the
    admins 2N days after.
    """
    reminder_kind = kinds.get(kind)
    if reminder_kind is None:
        raise ValueError(f"Unknown reminder kind {kind!r}; register it first.")
    with org_scope(organization), transaction.atomic():
        _cancel_open(
            organization,
            record,
            kind=kind,
            reason=f"moved to {due_date.isoformat()}",
            keep_due_date=due_date,
        )
        levels = [(0, send_on or due_date, list(recipients))]
        if reminder_kind.escalate_after_days:
            step = timedelta(days=reminder_kind.escalate_after_days)
            levels += [(1, due_date + step, []), (2, due_date + 2 * step, [])]
        reminders = []
        # Nothing is scheduled for a day already past (it goes out today), and no level goes
        # out before the one below it: the reminder first, then its escalations.
        earliest = datetime.now(ZoneInfo(organization.timezone)).date()
        sent_level = _highest_sent_level(organization, record, kind, due_date)
        for level, day, people in levels:
            earliest = max(earliest, day)
            reminder = _upsert(
                organization,
                reminder_kind,
                record,
                due_date,
                level,
                earliest,
                people,
                url,
                # Once a higher level went out, a lower one would come after it: not again.
                stale=sent_level is not None and level < sent_level,
            )
            reminders.append(reminder)
    return reminders[0]


def _highest_sent_level(
    organization: Organization, record: Model, kind: str, due_date: date
) -> int | None:
    """The highest escalation level of this reminder that already went out, if any."""
    levels = Reminder.objects.filter(
        organization=organization,
        kind=kind,
        model_label=label_of(type(record)),
        object_id=str(record.pk),
        due_date=due_date,
        status=Reminder.Status.SENT,
    ).values_list("escalation_level", flat=True)
    return max(levels, default=None)


def _upsert(
    organization: Organization,
    kind: Any,
    record: Model,
    due_date: date,
    level: int,
    day: date,
    recipients: Iterable[User],
    url: str,
    stale: bool = False,
) -> Reminder:
    send_at = local_send_time(organization, day)
    reminder, created = Reminder.objects.get_or_create(
        organization=organization,
        kind=kind.key,
        model_label=label_of(type(record)),
        object_id=str(record.pk),
        due_date=due_date,
        escalation_level=level,
        defaults={
            "object_repr": str(record)[:200],
            "url": url,
            "send_at": send_at,
            "next_attempt_at": send_at,
        },
    )
    if stale:
        if reminder.status in OPEN:
            reminder.status = Reminder.Status.CANCELLED
            reminder.cancelled_reason = "a later reminder of the same date already went out"
            reminder.claim_token = None
            reminder.save()
        return reminder
    if not created and reminder.status in (Reminder.Status.PENDING, Reminder.Status.CANCELLED):
        reminder.status = Reminder.Status.PENDING
        reminder.send_at = reminder.next_attempt_at = send_at
        reminder.object_repr, reminder.url = str(record)[:200], url
        reminder.cancelled_reason = ""
        reminder.save()
    if reminder.status == Reminder.Status.PENDING:
        ReminderRecipient.objects.filter(reminder=reminder).delete()
        ReminderRecipient.objects.bulk_create(
            [
                ReminderRecipient(organization=organization, reminder=reminder, user=user)
                for user in {user.pk: user for user in recipients}.values()
            ]
        )
    return reminder


def _cancel_open(
    organization: Organization,
    record: Model,
    *,
    kind: str | None = None,
    reason: str,
    keep_due_date: date | None = None,
) -> int:
    reminders = Reminder.objects.filter(
        model_label=label_of(type(record)), object_id=str(record.pk), status__in=OPEN
    )
    if kind:
        reminders = reminders.filter(kind=kind)
    if keep_due_date:
        reminders = reminders.exclude(due_date=keep_due_date)
    return reminders.update(
        status=Reminder.Status.CANCELLED, cancelled_reason=reason[:200], claim_token=None
    )


def reminders_cancel(
    *, organization: Organization, record: Model, reason: str, kind: str | None = None
) -> int:
    """Cancel every open reminder of ``record`` (of one kind, if given): it is done."""
    with org_scope(organization), transaction.atomic():
        return _cancel_open(organization, record, kind=kind, reason=reason)
