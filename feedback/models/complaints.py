"""The complaints register (ISO 9001 8.2.1, ISO 10002): what a customer complained of, how
it was received, its severity, its way through the states, and what the customer was told.

A complaint's reference is numbered per organisation and year (C-2026-0001). Every move
from one state to another is a ``ComplaintEvent`` (the timeline), written by the one
service that knows the allowed transitions (``feedback.services.complaints``). The service
level deadlines are computed once, when the complaint is received or reopened, from the
organisation's settings of its severity.
"""

import secrets

from django.conf import settings
from django.db import models

from parties.models import Contact, Party
from relmgmt.core.models import TenantModel


class Channel(models.TextChoices):
    EMAIL = "email", "Email"
    PHONE = "phone", "Phone"
    IN_PERSON = "in_person", "In person"
    LETTER = "letter", "Letter"
    WEB_FORM = "web_form", "Public web form"
    API = "api", "API"
    SURVEY = "survey", "Survey answer"


class Category(models.TextChoices):
    PRODUCT = "product", "Product quality"
    DELIVERY = "delivery", "Delivery"
    SERVICE = "service", "Service"
    BILLING = "billing", "Billing"
    DOCUMENTATION = "documentation", "Documentation"
    OTHER = "other", "Other"


class Severity(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"
    CRITICAL = "critical", "Critical"


class State(models.TextChoices):
    RECEIVED = "received", "Received"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    INVESTIGATING = "investigating", "Investigating"
    RESOLVED = "resolved", "Resolved"
    CLOSED = "closed", "Closed"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrawn"


# States in which the complaint is still being handled (its clock runs).
OPEN_STATES = (State.RECEIVED, State.ACKNOWLEDGED, State.INVESTIGATING)
FINAL_STATES = (State.CLOSED, State.REJECTED, State.WITHDRAWN)


def new_status_token() -> str:
    return secrets.token_urlsafe(24)


class Complaint(TenantModel):
    # The complainant's personal data: the audit trail describes the record by kind and id
    # only, and a redaction (relmgmt.audit.redaction) may name these fields.
    PERSONAL_FIELDS = ("complainant_name", "complainant_email", "complainant_phone")

    reference = models.CharField(max_length=20, editable=False)
    year = models.PositiveSmallIntegerField(editable=False)
    number = models.PositiveIntegerField(editable=False)
    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, null=True, blank=True, related_name="complaints"
    )
    new_party_name = models.CharField(
        "new party (pending)",
        max_length=200,
        blank=True,
        help_text="The complainant's organisation when it is not in the register yet.",
    )
    contact = models.ForeignKey(
        Contact, on_delete=models.SET_NULL, null=True, blank=True, related_name="complaints"
    )
    complainant_name = models.CharField(max_length=200, blank=True)
    complainant_email = models.EmailField(blank=True)
    complainant_phone = models.CharField(max_length=50, blank=True)
    channel = models.CharField(max_length=20, choices=Channel.choices, default=Channel.EMAIL)
    category = models.CharField(max_length=20, choices=Category.choices, default=Category.OTHER)
    severity = models.CharField(max_length=20, choices=Severity.choices, default=Severity.MEDIUM)
    reference_number = models.CharField("product or order reference", max_length=100, blank=True)
    subject = models.CharField(max_length=200)
    description = models.TextField(max_length=20000)
    state = models.CharField(
        max_length=20, choices=State.choices, default=State.RECEIVED, editable=False
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The member who handles it.",
    )
    received_at = models.DateTimeField(editable=False)
    acknowledged_at = models.DateTimeField(null=True, blank=True, editable=False)
    resolved_at = models.DateTimeField(null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    acknowledge_due_at = models.DateTimeField(editable=False)
    resolve_due_at = models.DateTimeField(editable=False)
    reopen_count = models.PositiveSmallIntegerField(default=0, editable=False)
    resolution = models.TextField(
        "what the customer was told", blank=True, max_length=20000, editable=False
    )
    status_token = models.CharField(max_length=64, default=new_status_token, editable=False)

    class Meta(TenantModel.Meta):
        ordering = ["-received_at", "-id"]
        constraints = [
            *TenantModel.Meta.constraints,
            models.UniqueConstraint(
                fields=["organization", "year", "number"], name="complaint_org_number_uniq"
            ),
            models.UniqueConstraint(
                fields=["organization", "status_token"], name="complaint_org_token_uniq"
            ),
        ]
        indexes = [
            models.Index(
                fields=["organization", "state", "received_at"], name="complaint_org_state_idx"
            ),
            models.Index(
                fields=["organization", "received_at", "id"], name="complaint_org_received_idx"
            ),
        ]

    def __str__(self):
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def party_label(self) -> str:
        if self.party_id:
            return self.party.name
        return f"{self.new_party_name} (new)" if self.new_party_name else ""


def attachment_upload_to(attachment, filename: str) -> str:
    """``<organisation id>/feedback/complaints/<complaint id>/<random name>``; the user's
    name is kept in ``original_name`` only."""
    return (
        f"{int(attachment.organization_id)}/feedback/complaints/"
        f"{int(attachment.complaint_id)}/{filename}"
    )


class ComplaintAttachment(TenantModel):
    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_upload_to, max_length=255, editable=False)
    original_name = models.CharField(max_length=255, editable=False)
    content_type = models.CharField(max_length=100, editable=False)
    size = models.PositiveIntegerField(editable=False)

    class Meta(TenantModel.Meta):
        ordering = ["id"]
        indexes = [
            models.Index(fields=["organization", "complaint"], name="complaint_att_org_idx"),
        ]

    def __str__(self):
        return self.original_name


class ComplaintEvent(TenantModel):
    """One step of a complaint's timeline: the move from one state to another, who made it,
    when, and the note given (for a resolution, what the customer was told)."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(max_length=20, choices=State.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=State.choices)
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_label = models.CharField(max_length=200, blank=True)
    note = models.TextField(blank=True, max_length=20000)

    class Meta(TenantModel.Meta):
        ordering = ["at", "id"]
        indexes = [
            models.Index(
                fields=["organization", "complaint", "at"], name="complaint_event_org_idx"
            ),
        ]

    def __str__(self):
        return f"{self.from_state or 'new'} → {self.to_state}"
