"""The sweep of overdue action steps: it makes, in one statement, exactly the escalation
rows the scheduling of a step makes, for open steps of open corrective actions past their
due date only, never twice, and never a level below one that exists."""

from datetime import timedelta

import pytest

from corrective_actions.reminder_kinds import ACTION_STEP_DUE
from corrective_actions.services import corrective_actions as ca_services
from corrective_actions.services.escalation import escalate_overdue_steps
from relmgmt.core.dates import organization_today
from relmgmt.core.scoping import org_scope
from relmgmt.notifications.models import Reminder

from .helpers import make_ca

pytestmark = pytest.mark.django_db

FIELDS = (
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


def _escalations(org):
    with org_scope(org):
        return set(
            Reminder.objects.filter(
                organization=org, kind=ACTION_STEP_DUE.key, escalation_level__gt=0
            ).values_list(*FIELDS)
        )


def _step(org, manager, ca, days_ago, status="planned"):
    return ca_services.step_add(
        organization=org,
        actor=manager.user,
        corrective_action=ca,
        data={
            "description": f"Step due {days_ago} days ago",
            "owner": manager.user,
            "due_on": organization_today(org) - timedelta(days=days_ago),
            "status": status,
            "evidence": "Work order" if status == "done" else "",
        },
    )


def test_the_sweep_makes_the_rows_scheduling_makes(org, other_org, manager, outsider):
    ca = make_ca(org, manager.user)
    for days_ago in (5, 1, 0, -3):
        _step(org, manager, ca, days_ago)
    _step(org, manager, ca, 4, status="done")
    theirs = make_ca(other_org, outsider.user)
    _step(other_org, outsider, theirs, 2)
    cancelled = make_ca(org, manager.user, title="Cancelled one")
    _step(org, manager, cancelled, 3)
    ca_services.ca_transition(
        organization=org,
        actor=manager.user,
        corrective_action=cancelled,
        action="cancel",
        note="Duplicate",
    )
    scheduled = {row for org_ in (org, other_org) for row in _escalations(org_)}
    overdue = {row for row in scheduled if row[6] < organization_today(org) and row[9] == "pending"}
    # Two steps of ours and one of theirs are overdue and open: two levels each.
    assert len(overdue) == 6
    for organization in (org, other_org):
        with org_scope(organization):
            Reminder.objects.filter(
                organization=organization, kind=ACTION_STEP_DUE.key, escalation_level__gt=0
            ).delete()

    assert escalate_overdue_steps() == 6
    assert _escalations(org) | _escalations(other_org) == overdue
    assert escalate_overdue_steps() == 0


def test_no_level_below_one_that_exists(org, manager):
    ca = make_ca(org, manager.user)
    step = _step(org, manager, ca, 6)
    with org_scope(org):
        first = Reminder.objects.get(
            organization=org, object_id=str(step.pk), kind=ACTION_STEP_DUE.key, escalation_level=1
        )
        first.delete()
    assert escalate_overdue_steps() == 0
    with org_scope(org):
        Reminder.objects.filter(organization=org, escalation_level=2).delete()
    assert escalate_overdue_steps() == 2
