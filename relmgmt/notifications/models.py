"""Reminders are database rows first: the source of truth for everything due, sent second.

A reminder belongs to one record of one organisation, has a due time and recipients, and
moves pending → sending → sent (or failed after its last attempt, or cancelled with a
reason). Its unique key (organisation, kind, record, due date, escalation level) makes
scheduling twice harmless.
"""

from django.conf import settings
from django.db import models

from relmgmt.core.models import OperationalTenantModel
from relmgmt.notifications import kinds


class Reminder(OperationalTenantModel):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Cancelled"

    kind = models.CharField(max_length=64)
    model_label = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(max_length=200)
    url = models.CharField(max_length=300, help_text="Link to the record, from the site root.")
    due_date = models.DateField(help_text="The record's due date this reminder is about.")
    send_at = models.DateTimeField(help_text="When it goes out.")
    escalation_level = models.PositiveSmallIntegerField(
        default=0, help_text="0: the reminder; 1: its owner again; 2: the organisation's admins."
    )
    recipients = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="ReminderRecipient", related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(help_text="When the dispatcher may claim it next.")
    claim_token = models.UUIDField(null=True, blank=True, editable=False)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    cancelled_reason = models.CharField(max_length=200, blank=True)

    class Meta(OperationalTenantModel.Meta):
        ordering = ["send_at", "id"]
        constraints = [
            *OperationalTenantModel.Meta.constraints,
            models.UniqueConstraint(
                fields=[
                    "organization",
                    "kind",
                    "model_label",
                    "object_id",
                    "due_date",
                    "escalation_level",
                ],
                name="reminder_org_key_uniq",
            ),
        ]
        indexes = [
            models.Index(
                fields=["organization", "model_label", "object_id"], name="reminder_org_record_idx"
            ),
            models.Index(
                fields=["organization", "status", "next_attempt_at"], name="reminder_org_due_idx"
            ),
            # The dispatcher's cross-organisation look-up of what is due: a partial index.
            models.Index(
                fields=["next_attempt_at"],
                name="reminder_open_due_idx",
                condition=models.Q(status__in=["pending", "sending"]),
            ),
        ]

    def __str__(self):
        return f"{self.kind} for {self.object_repr} due {self.due_date}"

    @property
    def kind_label(self) -> str:
        kind = kinds.get(self.kind)
        return kind.label if kind else self.kind

    @property
    def is_open(self) -> bool:
        return self.status in {self.Status.PENDING, self.Status.SENDING}


class ReminderRecipient(OperationalTenantModel):
    reminder = models.ForeignKey(Reminder, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta(OperationalTenantModel.Meta):
        constraints = [
            *OperationalTenantModel.Meta.constraints,
            models.UniqueConstraint(
                fields=["organization", "reminder", "user"], name="reminder_recipient_uniq"
            ),
        ]

    def __str__(self):
        return f"recipient {self.user_id} of reminder {self.reminder_id}"


class Notification(OperationalTenantModel):
    """One person's in-app notification; also what the daily digest email gathers."""

    class Email(models.TextChoices):
        NONE = "none", "No email"
        SENT = "sent", "Emailed"
        DIGEST = "digest", "Waiting for the digest"
        DIGESTED = "digested", "In a digest"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="notifications"
    )
    reminder = models.ForeignKey(
        Reminder, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(max_length=64)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    email = models.CharField(max_length=8, choices=Email.choices, default=Email.NONE)

    class Meta(OperationalTenantModel.Meta):
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["organization", "user", "read_at"], name="notification_unread_idx"
            ),
            models.Index(fields=["organization", "email", "user"], name="notification_digest_idx"),
        ]

    def __str__(self):
        return self.title


class NotificationPreference(OperationalTenantModel):
    """How one member wants one kind of reminder: at once, in the daily digest, or not."""

    class Mode(models.TextChoices):
        IMMEDIATE = "immediate", "Email at once"
        DIGEST = "digest", "Daily digest"
        OFF = "off", "Off"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=64)
    mode = models.CharField(max_length=10, choices=Mode.choices)

    class Meta(OperationalTenantModel.Meta):
        constraints = [
            *OperationalTenantModel.Meta.constraints,
            models.UniqueConstraint(
                fields=["organization", "user", "kind"], name="notification_pref_uniq"
            ),
        ]

    def __str__(self):
        return f"{self.kind}: {self.mode}"


class DigestRun(OperationalTenantModel):
    """At most one digest email per person, organisation and day."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    day = models.DateField()
    sent_at = models.DateTimeField(null=True, blank=True)
    notification_count = models.PositiveIntegerField(default=0)

    class Meta(OperationalTenantModel.Meta):
        constraints = [
            *OperationalTenantModel.Meta.constraints,
            models.UniqueConstraint(fields=["organization", "user", "day"], name="digest_run_uniq"),
        ]

    def __str__(self):
        return f"digest of {self.user_id} on {self.day}"
