"""The reminders of corrective actions: an action step due (to its owner), and an
effectiveness check due (to the corrective action's owner, who must have someone else
record it). Each is sent on its due date; if it is still not done, the owner is told again
the next day and the admins the day after (the escalation). Scheduled by
``corrective_actions.services.corrective_actions``."""

from django.urls import reverse

from relmgmt.notifications.kinds import ReminderKind, register


def _action_page(organization, corrective_action) -> str:
    return reverse(
        "corrective_actions:ca_detail",
        kwargs={"org_slug": organization.slug, "pk": corrective_action.pk},
    )


def _step_page(organization, step) -> str:
    return _action_page(organization, step.corrective_action)


ACTION_STEP_DUE = register(
    ReminderKind(
        key="corrective_actions.step_due",
        label="A corrective action's step is due",
        model_label="corrective_actions.actionstep",
        is_done=lambda step: step.status not in ("planned", "in_progress"),
        owner=lambda step: step.owner,
        escalate_after_days=1,
        staff_url=_step_page,
        description=(
            "Sent to the owner of an action of a corrective action on its due date; if it is "
            "still not done, the owner is told again the next day and the admins the day after."
        ),
    )
)

EFFECTIVENESS_CHECK_DUE = register(
    ReminderKind(
        key="corrective_actions.effectiveness_due",
        label="A corrective action's effectiveness check is due",
        model_label="corrective_actions.correctiveaction",
        is_done=lambda action: action.state != "effectiveness_check",
        owner=lambda action: action.owner,
        escalate_after_days=1,
        staff_url=_action_page,
        description=(
            "Sent to the managers on the day a corrective action's effectiveness check falls "
            "due (a set number of days after its actions were verified, by severity); if it is "
            "still not recorded, its owner is told the next day and the admins the day after."
        ),
    )
)
