"""The reminders of the parties register: reviews due, and follow-up actions due."""

from relmgmt.notifications.kinds import ReminderKind, register

REVIEW_DUE = register(
    ReminderKind(
        key="parties.review_due",
        label="A party is due for review",
        model_label="parties.party",
        # Completing a review moves the due date, which cancels this reminder as moved.
        is_done=lambda party: party.status == "inactive",
        owner=lambda party: party.owner,
        escalate_after_days=14,
        description=(
            "Sent to the relationship owner two weeks before a party's review is due; "
            "if it is still not reviewed 14 days after the due date, the owner is told "
            "again, and after 28 days the admins."
        ),
    )
)

FOLLOW_UP_DUE = register(
    ReminderKind(
        key="parties.follow_up_due",
        label="A follow-up action is due",
        model_label="parties.followup",
        is_done=lambda follow_up: follow_up.done_at is not None,
        owner=lambda follow_up: follow_up.owner,
        escalate_after_days=7,
        description=(
            "Sent to the action's owner on its due date; escalated to the owner again a "
            "week later and to the admins after two weeks."
        ),
    )
)
