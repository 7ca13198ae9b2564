"""Corrective actions: the sweep that gives every overdue open action step its escalations
(``corrective_actions.services.escalation``), over 100,000 overdue open steps of 50,000 open
corrective actions in 50 organisations, beside one hand-written ``INSERT ... SELECT`` making
the same 200,000 reminder rows (two levels a step), in the same run; the rows of both are
checked equal.

Each round empties the escalations, times the sweep, empties them again and times the
statement; the medians of the rounds are compared. The statement knows there is nothing to
skip and one time zone; the sweep also leaves out the rows already there (or a higher level)
and groups the organisations by time zone, and renews the reminders' statistics once it has
made many rows (``relmgmt.core.db.statistics``). The sweep run again on its own rows (making
none) is timed too: without the renewed statistics it was planned for an empty table (51 s).
``BENCH_CA_STEPS`` for another count, ``BENCH_ROUNDS`` for another number of rounds.
"""

import os
import statistics
import time
from datetime import UTC, datetime, timedelta
from datetime import time as clock

from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone

from corrective_actions.models import ActionStep, CorrectiveAction
from corrective_actions.models.corrective_actions import CaState
from corrective_actions.reminder_kinds import ACTION_STEP_DUE
from corrective_actions.services.escalation import escalate_overdue_steps
from relmgmt.core.scoping import scopes_disabled
from relmgmt.notifications.models import Reminder
from relmgmt.notifications.services.scheduling import SEND_HOUR

from .seed_corrective_actions import corrective_actions, open_steps
from .seed_lists import analyze, organization_with_manager

STEPS = int(os.environ.get("BENCH_CA_STEPS", 100_000))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", 5))
ORGANIZATIONS = 50
STEPS_PER_ACTION = 2
OPEN = [CaState.OPEN, CaState.ANALYSIS, CaState.IMPLEMENTATION]
COLUMNS = (
    "organization_id",
    "kind",
    "model_label",
    "object_id",
    "object_repr",
    "url",
    "due_date",
    "send_at",
    "escalation_level",
    "status",
    "attempts",
    "next_attempt_at",
)


def seed() -> int:
    today = timezone.now().astimezone(UTC).date()
    per_organization = STEPS // ORGANIZATIONS // STEPS_PER_ACTION
    made = 0
    for number in range(ORGANIZATIONS):
        organization, manager = organization_with_manager(
            f"Bench escalation {number:02d}", f"bench-esc-{number:02d}"
        )
        corrective_actions(organization, manager, per_organization, states=OPEN, seed=number)
        made += open_steps(
            organization, manager, STEPS_PER_ACTION, due_on=today - timedelta(days=1)
        )
    analyze(CorrectiveAction._meta.db_table, ActionStep._meta.db_table, Reminder._meta.db_table)
    return made


def at_send_hour(day):
    return datetime.combine(day, clock(SEND_HOUR), tzinfo=UTC)


def hand_written() -> int:
    """The least that makes the same rows: every organisation is in UTC and nothing is
    there yet, so no time zones, no skipping; one statement."""
    ops = connection.ops
    now = timezone.now()
    today = now.astimezone(UTC).date()
    url = reverse("corrective_actions:ca_detail", kwargs={"org_slug": "SLUG", "pk": 123456789})
    prefix, rest = url.split("SLUG")
    middle, suffix = rest.split("123456789")
    moment = "CAST(%s AS timestamptz)" if connection.vendor == "postgresql" else "%s"
    send_at = f"CASE WHEN lv.level = 2 AND s.due_on >= %s THEN {moment} ELSE {moment} END"
    send = [
        ops.adapt_datefield_value(today - timedelta(days=1)),
        ops.adapt_datetimefield_value(at_send_hour(today + timedelta(days=1))),
        ops.adapt_datetimefield_value(at_send_hour(today)),
    ]
    sql = f"""
        INSERT INTO notifications_reminder (organization_id, created_at, kind, model_label,
            object_id, object_repr, url, due_date, send_at, escalation_level, status, attempts,
            next_attempt_at, last_error, cancelled_reason)
        SELECT s.organization_id, {moment}, %s, %s, CAST(s.id AS TEXT),
               SUBSTR(s.description, 1, 80),
               %s || o.slug || %s || CAST(s.corrective_action_id AS TEXT) || %s,
               s.due_on, {send_at}, lv.level, 'pending', 0, {send_at}, '', ''
        FROM corrective_actions_actionstep s
        JOIN corrective_actions_correctiveaction c
          ON c.organization_id = s.organization_id AND c.id = s.corrective_action_id
        JOIN tenancy_organization o ON o.id = s.organization_id
        CROSS JOIN (SELECT 1 AS level UNION ALL SELECT 2) lv
        WHERE s.status IN ('planned', 'in_progress') AND s.due_on < %s
          AND c.state IN ('open', 'analysis', 'implementation', 'effectiveness_check',
                          'effective')
    """  # noqa: S608 (constants only)
    params = [
        ops.adapt_datetimefield_value(now),
        ACTION_STEP_DUE.key,
        ACTION_STEP_DUE.model_label,
        prefix,
        middle,
        suffix,
        *send,
        *send,
        ops.adapt_datefield_value(today),
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def empty() -> None:
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM notifications_reminder WHERE escalation_level > 0")


def rows() -> set:
    with scopes_disabled():
        return set(Reminder.objects.filter(escalation_level__gt=0).order_by().values_list(*COLUMNS))


def timed(func) -> tuple[float, int]:
    started = time.perf_counter()
    made = func()
    return (time.perf_counter() - started) * 1000, made


def run():
    started = time.perf_counter()
    steps = seed()
    print(
        f"seeded {steps:,} overdue open steps in {ORGANIZATIONS} organisations: "
        f"{time.perf_counter() - started:.1f} s ({connection.vendor})"
    )
    sweep_ms, statement_ms, again_ms = [], [], []
    for number in range(ROUNDS):
        empty()
        took, made = timed(escalate_overdue_steps)
        sweep_ms.append(took)
        assert made == 2 * steps, (made, steps)
        took, made = timed(escalate_overdue_steps)
        again_ms.append(took)
        assert made == 0
        swept = rows() if number == 0 else None
        empty()
        took, made = timed(hand_written)
        statement_ms.append(took)
        assert made == 2 * steps, (made, steps)
        if swept is not None:
            assert rows() == swept, "the sweep and the statement made different rows"
    empty()
    sweep, statement = statistics.median(sweep_ms), statistics.median(statement_ms)
    print(f"escalations of {steps:,} overdue steps ({2 * steps:,} rows), median of {ROUNDS}:")
    print(f"  hand-written INSERT ... SELECT: {statement:8.1f} ms")
    print(
        f"  the sweep:                      {sweep:8.1f} ms ({sweep / statement:.2f}x; target 2x)"
    )
    print(f"  the sweep again (nothing to do): {statistics.median(again_ms):7.1f} ms")
    print("  rows of both checked equal")
