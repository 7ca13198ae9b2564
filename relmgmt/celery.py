"""The Celery application. Periodic work is a small static schedule of dispatchers."""

import os

from celery import Celery
from celery.schedules import crontab
from celery.signals import import_modules
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
}


@import_modules.connect
def add_domain_schedules(sender=None, **kwargs) -> None:
    """The dispatchers domain apps registered (``relmgmt.core.extensions.periodic_tasks``).
    Beat and the worker send this as they start, after Celery's Django fix-up has set
    Django up (it connected first) and before beat reads its schedule."""
    from relmgmt.core import extensions

    for entry in extensions.periodic_tasks:
        app.conf.beat_schedule[entry.key] = {"task": entry.task, "schedule": entry.schedule}
