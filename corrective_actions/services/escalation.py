"""The daily sweep of overdue corrective action steps: every open step of an open corrective
action past its due date has its escalations (its owner told again the day after the due
date, the admins the day after that; ``reminder_kinds.ACTION_STEP_DUE``), whatever happened
to the reminders scheduled with it (a step brought in by an import or a data migration, a
reminder lost). Set-based: one ``INSERT ... SELECT`` per group of organisations sharing a
calendar day, whatever the number of steps; rows already there are left as they are, and a
level is not made once a higher one exists for the same due date (it would come after it).

An escalation of a step that is already overdue goes out today at the reminders' hour (the
second level tomorrow, for a step due yesterday), as ``scheduling.reminder_schedule`` does.
A sweep that made many rows renews the reminders' statistics at once, so that the next one
is not planned for the table as it was (``relmgmt.core.db.statistics``).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from corrective_actions.models import ActionStep, CorrectiveAction
from corrective_actions.models.corrective_actions import CA_OPEN_STATES, StepStatus
from corrective_actions.reminder_kinds import ACTION_STEP_DUE
from relmgmt.core.db.statistics import statistics_renew
from relmgmt.notifications.models import Reminder
from relmgmt.notifications.services.scheduling import local_send_time
from relmgmt.tenancy.models import Organization

LEVELS = (1, 2)
OPEN_STEPS = (StepStatus.PLANNED, StepStatus.IN_PROGRESS)


def _url_parts() -> tuple[str, str, str]:
    """The corrective action page's address around its organisation's slug and its id."""
    url = reverse("corrective_actions:ca_detail", kwargs={"org_slug": "s-l-u-g", "pk": 987654321})
    prefix, rest = url.split("s-l-u-g")
    middle, suffix = rest.split("987654321")
    return prefix, middle, suffix


def _sql(organization_count: int) -> str:
    q = connection.ops.quote_name
    # PostgreSQL types a bare parameter in a select list or a CASE as text: say it.
    moment = "CAST(%s AS timestamptz)" if connection.vendor == "postgresql" else "%s"
    reminder, step = Reminder._meta.db_table, ActionStep._meta.db_table
    action, organization = CorrectiveAction._meta.db_table, Organization._meta.db_table
    organizations = ", ".join(["%s"] * organization_count)
    states = ", ".join(["%s"] * len(CA_OPEN_STATES))
    # The second level of a step due yesterday goes out tomorrow; everything else today.
    send_at = f"CASE WHEN lv.level = 2 AND s.due_on >= %s THEN {moment} ELSE {moment} END"
    columns = (
        "organization_id, created_at, kind, model_label, object_id, object_repr, url, "
        "due_date, send_at, escalation_level, status, attempts, next_attempt_at, "
        "last_error, cancelled_reason"
    )
    # Names from the models and placeholders only; every value is a parameter.
    return f"""
        INSERT INTO {q(reminder)} ({columns})
        SELECT s.organization_id, {moment}, %s, %s,
               CAST(s.id AS TEXT), SUBSTR(s.description, 1, 80),
               %s || o.slug || %s || CAST(s.corrective_action_id AS TEXT) || %s,
               s.due_on, {send_at}, lv.level, %s, 0, {send_at}, '', ''
        FROM {q(step)} s
        JOIN {q(action)} c
          ON c.organization_id = s.organization_id AND c.id = s.corrective_action_id
        JOIN {q(organization)} o ON o.id = s.organization_id
        CROSS JOIN (SELECT 1 AS level UNION ALL SELECT 2) lv
        WHERE s.organization_id IN ({organizations})
          AND s.status IN (%s, %s)
          AND s.due_on < %s
          AND c.state IN ({states})
          AND NOT EXISTS (
            SELECT 1 FROM {q(reminder)} r
            WHERE r.organization_id = s.organization_id
              AND r.kind = %s AND r.model_label = %s
              AND r.object_id = CAST(s.id AS TEXT)
              AND r.due_date = s.due_on
              AND r.escalation_level >= lv.level
          )
        ON CONFLICT DO NOTHING
    """  # noqa: S608


def _by_time_zone() -> dict[str, list[Organization]]:
    """The organisations that are not suspended, by their time zone (their calendar day and
    their reminders' hour)."""
    zones: dict[str, list[Organization]] = defaultdict(list)
    for organization in Organization.objects.filter(suspended_at__isnull=True).only(
        "pk", "timezone"
    ):
        zones[organization.timezone].append(organization)
    return zones


def escalate_overdue_steps(*, now: datetime | None = None) -> int:
    """Make the missing escalations of every overdue open step; the number of rows made."""
    now = now or timezone.now()
    ops = connection.ops
    prefix, middle, suffix = _url_parts()
    made = 0
    with transaction.atomic(), connection.cursor() as cursor:
        for zone, organizations in _by_time_zone().items():
            today: date = now.astimezone(ZoneInfo(zone)).date()
            sample = organizations[0]
            today_at = ops.adapt_datetimefield_value(local_send_time(sample, today))
            tomorrow_at = ops.adapt_datetimefield_value(
                local_send_time(sample, today + timedelta(days=1))
            )
            yesterday = ops.adapt_datefield_value(today - timedelta(days=1))
            send_at = [yesterday, tomorrow_at, today_at]
            params = [
                ops.adapt_datetimefield_value(now),
                ACTION_STEP_DUE.key,
                ACTION_STEP_DUE.model_label,
                prefix,
                middle,
                suffix,
                *send_at,
                Reminder.Status.PENDING,
                *send_at,
                *[organization.pk for organization in organizations],
                *OPEN_STEPS,
                ops.adapt_datefield_value(today),
                *CA_OPEN_STATES,
                ACTION_STEP_DUE.key,
                ACTION_STEP_DUE.model_label,
            ]
            cursor.execute(_sql(len(organizations)), params)
            made += max(cursor.rowcount, 0)
    statistics_renew(Reminder, rows_written=made)
    return made
