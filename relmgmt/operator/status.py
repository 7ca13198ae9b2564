"""The operator's view of the running system: is each part answering, and when did each
background process last show a sign of life. Read by ``manage.py status`` and the status
page; ``/healthz`` stays the proxy's cheap check (the database only)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from celery import current_app
from celery.schedules import maybe_schedule
from django.conf import settings
from django.db import connection
from django.db.models import Count, Min, OuterRef, Subquery
from django.utils import timezone

from relmgmt.audit.models import ChainVerification
from relmgmt.core import extensions
from relmgmt.core.scoping import scopes_disabled
from relmgmt.notifications.models import Reminder
from relmgmt.operator.models import ProcessTick
from relmgmt.tenancy.models import Organization

# A process silent for longer than this (beat sends, the worker heartbeat, both every
# minute) is reported as not running.
SILENT_AFTER = timedelta(minutes=3)
# A scheduled task is late when it has not finished this long after it was next due.
LATE_AFTER = timedelta(minutes=10)
# Reminders due this long ago and not sent mean the sending has stalled.
REMINDER_OVERDUE_AFTER = timedelta(minutes=15)
# The age past which the last backup (``manage.py backup``) fails the status; 0: never.
BACKUP_CHECK_NAME = "last backup"
HEARTBEAT_TASK = "relmgmt.operator.tasks.worker_heartbeat"


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool | None  # None: nothing to judge yet (a task that never ran, a figure)
    detail: str

    @property
    def label(self) -> str:
        return {True: "ok", False: "FAIL", None: "-"}[self.ok]


def system_status(now: datetime | None = None) -> list[Check]:
    now = now or timezone.now()
    checks = [_database()]
    checks += _broker()
    ticks = {tick.name: tick for tick in ProcessTick.objects.all()}
    checks.append(_silent_or_not("beat", ticks.get("beat"), now))
    checks.append(_silent_or_not("worker heartbeat", ticks.get("worker"), now))
    checks += _scheduled_tasks(ticks, now)
    checks.append(_overdue_reminders(now))
    checks.append(_audit_verification(now))
    checks.append(_last_backup(now))
    return checks


def _database() -> Check:
    started = time.monotonic()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as error:  # any failure to answer is the finding
        return Check("database", False, f"does not answer: {error}")
    elapsed = (time.monotonic() - started) * 1000
    return Check("database", True, f"{connection.vendor} answers ({elapsed:.0f} ms)")


def _broker() -> list[Check]:
    queue = current_app.conf.task_default_queue
    try:
        with current_app.connection_for_read(connect_timeout=3) as broker:
            broker.ensure_connection(max_retries=1)
            try:
                length = broker.default_channel.queue_declare(queue=queue, passive=True)
                waiting = length.message_count
            except Exception:  # no such queue yet: nothing was ever sent to it
                waiting = 0
            transport = broker.transport_cls
    except Exception as error:
        return [Check("broker", False, f"does not answer: {error}")]
    return [
        Check("broker", True, f"{transport} answers"),
        Check("queue length", None, f"{waiting} task(s) waiting in {queue}"),
    ]


def _ago(moment: datetime, now: datetime) -> str:
    seconds = int((now - moment).total_seconds())
    if seconds < 120:
        return f"{seconds} s ago"
    if seconds < 7200:
        return f"{seconds // 60} min ago"
    return f"{seconds // 3600} h ago ({moment:%Y-%m-%d %H:%M} UTC)"


def _silent_or_not(name: str, tick: ProcessTick | None, now: datetime) -> Check:
    if tick is None:
        return Check(name, False, "never seen")
    detail = f"last {_ago(tick.last_at, now)}" + (f": {tick.detail}" if tick.detail else "")
    return Check(name, now - tick.last_at <= SILENT_AFTER, detail)


def _scheduled_tasks(ticks: dict[str, ProcessTick], now: datetime) -> list[Check]:
    checks = []
    schedule = dict(current_app.conf.beat_schedule)
    # The dispatchers the apps registered join beat's schedule as beat starts; here too.
    for entry in extensions.periodic_tasks:
        schedule[entry.key] = {"task": entry.task, "schedule": entry.schedule}
    entries = sorted(schedule.items())
    for key, entry in entries:
        if entry["task"] == HEARTBEAT_TASK:
            continue
        tick = ticks.get(f"task {entry['task']}")
        name = f"task {key}"
        if tick is None:
            checks.append(Check(name, None, "has not run yet"))
            continue
        next_due = tick.last_at + maybe_schedule(entry["schedule"]).remaining_estimate(tick.last_at)
        late = now > next_due + LATE_AFTER
        detail = f"last finished {_ago(tick.last_at, now)} ({tick.detail or 'done'})"
        checks.append(Check(name, not late and tick.detail != "FAILURE", detail))
    return checks


def _overdue_reminders(now: datetime) -> Check:
    with scopes_disabled():
        overdue = Reminder.objects.filter(
            status__in=[Reminder.Status.PENDING, Reminder.Status.SENDING],
            next_attempt_at__lte=now - REMINDER_OVERDUE_AFTER,
        ).aggregate(n=Count("id"), oldest=Min("next_attempt_at"))
    if not overdue["n"]:
        return Check("reminders overdue for sending", True, "none")
    oldest = overdue["oldest"]
    return Check(
        "reminders overdue for sending",
        False,
        f"{overdue['n']}, the oldest due {_ago(oldest, now)}",
    )


def _audit_verification(now: datetime) -> Check:
    with scopes_disabled():
        finished = ChainVerification.objects.filter(
            status__in=ChainVerification.FINISHED, finished_at__isnull=False
        )
        last = finished.select_related("organization").order_by("-finished_at").first()
        latest_status = Subquery(
            finished.filter(organization=OuterRef("pk"))
            .order_by("-finished_at")
            .values("status")[:1]
        )
        failing = list(
            Organization.objects.annotate(latest=latest_status)
            .filter(latest__in=[ChainVerification.Status.BROKEN, ChainVerification.Status.FAILED])
            .values_list("slug", flat=True)
        )
    name = "audit chain verification"
    if last is None or last.finished_at is None:
        return Check(name, None, "no verification has finished yet (nightly at 01:53 UTC)")
    finished_at = last.finished_at
    detail = (
        f"last finished {_ago(finished_at, now)} for {last.organization.slug}: "
        f"{last.get_status_display()}"
    )
    if failing:
        return Check(name, False, f"{detail}; latest check not intact for: {', '.join(failing)}")
    stale = now - finished_at > timedelta(hours=26)
    return Check(name, not stale, detail + ("; none in the last 26 h" if stale else ""))


def _last_backup(now: datetime) -> Check:
    tick = ProcessTick.objects.filter(name="backup").first()
    if tick is None:
        return Check(BACKUP_CHECK_NAME, None, "none made with manage.py backup")
    detail = f"{_ago(tick.last_at, now)}: {tick.detail}"
    max_age = settings.RELMGMT_BACKUP_MAX_AGE_HOURS
    if max_age and now - tick.last_at > timedelta(hours=max_age):
        return Check(BACKUP_CHECK_NAME, False, f"{detail}; older than {max_age} h")
    return Check(BACKUP_CHECK_NAME, True, detail)
