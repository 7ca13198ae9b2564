"""Celery entry points of corrective actions: the sweep that gives every overdue open
action step its escalations (``services.escalation``), hourly, for all organisations in one
set-based statement per time zone."""

from celery import shared_task

from corrective_actions.services.escalation import escalate_overdue_steps


@shared_task(name="corrective_actions.tasks.escalate_overdue_steps")
def escalate_overdue_steps_task() -> int:
    return escalate_overdue_steps()
