"""The Celery application. Periodic work is a small static schedule of dispatchers."""

import logging
import os

from celery import Celery
from celery.schedules import crontab
from celery.signals import beat_init, before_task_publish, import_modules, task_postrun
from django.conf import settings

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "relmgmt.settings.base")

app = Celery("relmgmt")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {
    "dispatch-due-reminders": {
        "task": "relmgmt.notifications.tasks.dispatch_due_reminders",
        "schedule": float(settings.RELMGMT_DISPATCH_INTERVAL_SECONDS),
    },
    "dispatch-digests": {
        "task": "relmgmt.notifications.tasks.dispatch_digests",
        "schedule": crontab(minute=5),
    },
    "clear-expired-sessions": {
        "task": "relmgmt.core.tasks.clear_expired_sessions",
        "schedule": crontab(hour=3, minute=17),
    },
    "verify-audit-chains": {
        "task": "relmgmt.audit.tasks.dispatch_chain_verification",
        "schedule": crontab(hour=1, minute=53),
    },
    "purge-security-log": {
        "task": "relmgmt.audit.tasks.purge_security_log",
        "schedule": crontab(hour=3, minute=41),
    },
    # For the operator's status: a worker that runs this is taking work from the queue.
    "worker-heartbeat": {
        "task": "relmgmt.operator.tasks.worker_heartbeat",
        "schedule": float(settings.RELMGMT_DISPATCH_INTERVAL_SECONDS),
    },
}


@import_modules.connect
def add_domain_schedules(sender=None, **kwargs) -> None:
    """The dispatchers domain apps registered (``relmgmt.core.extensions.periodic_tasks``).
    Beat and the worker send this as they start, after Celery's Django fix-up has set
    Django up (it connected first) and before beat reads its schedule."""
    from relmgmt.core import extensions

    for entry in extensions.periodic_tasks:
        app.conf.beat_schedule[entry.key] = {"task": entry.task, "schedule": entry.schedule}


# Signs of life for the operator's status page (manage.py status, /operator/status/): beat
# notes each task it sends, a worker each scheduled task it finishes. Machinery only: a
# tick that cannot be written is logged and never stops the work.
logger = logging.getLogger(__name__)
_in_beat = False


@beat_init.connect
def _beat_started(sender=None, **kwargs) -> None:
    global _in_beat
    _in_beat = True
    _tick("beat", "started")


@before_task_publish.connect
def _beat_sent(sender=None, **kwargs) -> None:
    if _in_beat:
        _tick("beat", f"sent {sender}")


@task_postrun.connect
def _scheduled_task_finished(sender=None, state=None, **kwargs) -> None:
    name = getattr(sender, "name", "")
    heartbeat = "relmgmt.operator.tasks.worker_heartbeat"
    scheduled = {entry["task"] for entry in app.conf.beat_schedule.values()}
    if name != heartbeat and name in scheduled:
        _tick(f"task {name}", state or "")


def _tick(name: str, detail: str) -> None:
    from django.db import close_old_connections

    from relmgmt.operator.services import tick_record

    try:
        if _in_beat:  # beat's connection lives long; workers' are looked after per task
            close_old_connections()
        tick_record(name=name, detail=detail)
    except Exception:
        logger.warning("Could not note the tick of %s for the status page.", name, exc_info=True)
