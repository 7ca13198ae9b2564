"""What needs a member today, across every app: the reminders addressed to them, read from
the reminders every app schedules (reviews, follow-ups, re-evaluations, certificates,
questionnaires, complaints near their service level, review actions...), soonest first."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Q, QuerySet

from relmgmt.core.dates import organization_today
from relmgmt.notifications.models import Reminder
from relmgmt.notifications.selectors import reminders

if TYPE_CHECKING:
    from relmgmt.accounts.models import User
    from relmgmt.tenancy.models import Organization

OPEN = [Reminder.Status.PENDING, Reminder.Status.SENDING]
HORIZON_DAYS = 14
LIMIT = 50


def agenda(
    *, organization: Organization, user: User, days: int = HORIZON_DAYS
) -> QuerySet[Reminder]:
    """The member's reminders due within ``days``, and those already sent whose record is
    still not done (an escalation of it is still to go out), due date first."""
    horizon = organization_today(organization) + timedelta(days=days)
    still_open = Exists(
        reminders(organization=organization).filter(
            kind=OuterRef("kind"),
            model_label=OuterRef("model_label"),
            object_id=OuterRef("object_id"),
            due_date=OuterRef("due_date"),
            status__in=OPEN,
            escalation_level__gt=0,
        )
    )
    return (
        reminders(organization=organization)
        .filter(recipients=user, escalation_level=0)
        .filter(
            Q(status__in=OPEN, due_date__lte=horizon) | Q(still_open, status=Reminder.Status.SENT)
        )
        .order_by("due_date", "send_at", "id")
    )
