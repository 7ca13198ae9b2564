"""The reminder of an action decided at a management review (ISO 9001 9.3.3): its owner is
reminded on the due date, again the next week if it is still open, then the admins."""

from django.urls import reverse

from relmgmt.notifications.kinds import ReminderKind, register


def review_page(organization, action) -> str:
    return reverse(
        "qms:review_detail", kwargs={"org_slug": organization.slug, "pk": action.review_id}
    )


REVIEW_ACTION_DUE = register(
    ReminderKind(
        key="qms.review_action_due",
        label="An action of a management review is due",
        model_label="qms.managementreviewaction",
        is_done=lambda action: action.done_on is not None,
        owner=lambda action: action.owner,
        escalate_after_days=7,
        staff_url=review_page,
        description=(
            "Sent to the action's owner on its due date; if it is still open, the owner is "
            "told again a week later and the admins a week after that."
        ),
    )
)
