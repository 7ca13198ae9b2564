"""Reminders of the platform itself: a time-limited membership about to end."""

from relmgmt.notifications.kinds import ReminderKind, register

MEMBERSHIP_ENDS = register(
    ReminderKind(
        key="tenancy.membership_ends",
        label="A member's access ends soon",
        model_label="tenancy.membership",
        description="Sent to admins a week before a time-limited membership ends.",
    )
)
