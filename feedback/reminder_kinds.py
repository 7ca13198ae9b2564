"""The reminders of the complaints register: a complaint about to miss its service level
for the acknowledgement or for the resolution. Each is sent to the complaint's owner (or
the organisation's managers when it has none) on the day of the deadline, before it passes;
if it is still not done, the owner is told again the next day and the admins the day after
(the escalation). Scheduled by ``feedback.services.complaints``.

A survey follow-up is a parties follow-up action (``parties.follow_up_due``): its owner is
reminded on the due date and it is escalated when overdue by that kind; surveys add no
kind of their own."""

from django.urls import reverse

from relmgmt.notifications.kinds import ReminderKind, register


def _complaint_page(organization, complaint) -> str:
    return reverse(
        "feedback:complaint_detail", kwargs={"org_slug": organization.slug, "pk": complaint.pk}
    )


COMPLAINT_ACKNOWLEDGE_DUE = register(
    ReminderKind(
        key="feedback.complaint_acknowledge_due",
        label="A complaint is due to be acknowledged",
        model_label="feedback.complaint",
        is_done=lambda complaint: (
            complaint.acknowledged_at is not None or complaint.state not in ("received",)
        ),
        owner=lambda complaint: complaint.owner,
        escalate_after_days=1,
        staff_url=_complaint_page,
        description=(
            "Sent to the complaint's owner on the day its acknowledgement is due under the "
            "service level of its severity; if it is still not acknowledged, the owner is told "
            "again the next day and the admins the day after."
        ),
    )
)

COMPLAINT_RESOLVE_DUE = register(
    ReminderKind(
        key="feedback.complaint_resolve_due",
        label="A complaint is due to be resolved",
        model_label="feedback.complaint",
        is_done=lambda complaint: (
            complaint.state not in ("received", "acknowledged", "investigating")
        ),
        owner=lambda complaint: complaint.owner,
        escalate_after_days=1,
        staff_url=_complaint_page,
        description=(
            "Sent to the complaint's owner on the day its resolution is due under the service "
            "level of its severity (the day before when the deadline falls before the morning "
            "round); if it is still open, the owner is told again the next day and the admins "
            "the day after."
        ),
    )
)
