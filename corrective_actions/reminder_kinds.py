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


# A supplier's 8D: each step reminds the supplier's portal users before it is due, and once
# overdue escalates to the SCAR's owner and then the admins; a step the supplier answered
# waits for the owner's review, reminded too. Scheduled by corrective_actions.services.scars.
SCAR_STEP_DUE_SOON_DAYS = 2


def _scar_for_staff(organization, step) -> str:
    return reverse(
        "corrective_actions:scar_detail",
        kwargs={"org_slug": organization.slug, "pk": step.scar_id},
    )


def _scar_in_portal(organization, step) -> str:
    return reverse("portal:scar_detail", kwargs={"org_slug": organization.slug, "pk": step.scar_id})


SCAR_STEP_DUE = register(
    ReminderKind(
        key="corrective_actions.scar_step_due",
        label="A step of a supplier's 8D is due",
        model_label="corrective_actions.scarstep",
        is_done=lambda step: step.status not in ("open", "returned"),
        owner=lambda step: step.scar.owner,
        escalate_after_days=1,
        staff_url=_scar_for_staff,
        portal_url=_scar_in_portal,
        description=(
            f"Sent to the supplier's portal users {SCAR_STEP_DUE_SOON_DAYS} days before a step "
            "of their 8D is due, unless they have answered it; if it is still unanswered the "
            "day after the due date, the SCAR's owner is told, and the admins the day after."
        ),
    )
)

SCAR_STEP_SUBMITTED = register(
    ReminderKind(
        key="corrective_actions.scar_step_submitted",
        label="A supplier's 8D step waits for review",
        model_label="corrective_actions.scarstep",
        is_done=lambda step: step.status != "submitted",
        owner=lambda step: step.scar.owner,
        escalate_after_days=3,
        staff_url=_scar_for_staff,
        description=(
            "Sent to the SCAR's owner when the supplier answers a step of its 8D; if it is "
            "not accepted or returned within 3 days the owner is told again, after 6 the "
            "admins."
        ),
    )
)

SCAR_EFFECTIVENESS_DUE = register(
    ReminderKind(
        key="corrective_actions.scar_effectiveness_due",
        label="A supplier's 8D's effectiveness check is due",
        model_label="corrective_actions.suppliercorrectiveaction",
        is_done=lambda scar: scar.state != "effectiveness_check",
        owner=lambda scar: scar.owner,
        escalate_after_days=1,
        staff_url=lambda organization, scar: reverse(
            "corrective_actions:scar_detail",
            kwargs={"org_slug": organization.slug, "pk": scar.pk},
        ),
        description=(
            "Sent to the managers other than the 8D's owner on the day its effectiveness "
            "check falls due (a set number of days after D8 was accepted, by the severity of "
            "its nonconformity); if it is still not recorded, the owner is told the next day "
            "and the admins the day after."
        ),
    )
)
