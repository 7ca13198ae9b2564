"""The Celery application. Periodic work is a small static schedule of dispatchers."""

import os

from celery import Celery
from celery.schedules import crontab
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
    "recalculate-scorecards": {
        "task": "suppliers.tasks_scorecards.dispatch_scorecard_recalculation",
        "schedule": crontab(hour=2, minute=41),
    },
    "clear-expired-sessions": {
        "task": "relmgmt.core.tasks.clear_expired_sessions",
        "schedule": crontab(hour=3, minute=17),
    },
}
