"""The reminders of the supplier register: re-evaluations due."""

from relmgmt.notifications.kinds import ReminderKind, register

REEVALUATION_DUE = register(
    ReminderKind(
        key="suppliers.reevaluation_due",
        label="A supplier is due for re-evaluation",
        model_label="suppliers.supplier",
        # Re-evaluating moves the date, which cancels this reminder as moved.
        is_done=lambda supplier: supplier.status == "disqualified",
        owner=lambda supplier: supplier.owner,
        escalate_after_days=14,
        description=(
            "Sent to the supplier's relationship owner a month before its re-evaluation is "
            "due; if it is still not re-evaluated 14 days after the date, the owner is told "
            "again, and after 28 days the admins."
        ),
    )
)
