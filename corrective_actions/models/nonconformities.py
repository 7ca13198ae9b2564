"""Nonconforming outputs (ISO 9001 8.7): what was found, where and when, how much, how bad,
what it is linked to (the party, the supplier, the delivery, the complaint), how it was
contained, and what was done with it (the disposition), approved and signed by a person
with the authority to.

A nonconformity's reference is numbered per organisation and year (NC-2026-0001). Every
move from one state to another is a ``NonconformityEvent``, written by the one service that
knows the allowed moves (``corrective_actions.services.nonconformities``).
"""

from django.conf import settings
from django.db import models

from corrective_actions.models.common import Category, Severity
from relmgmt.core.models import TenantModel


class Source(models.TextChoices):
    INTERNAL_AUDIT = "internal_audit", "Internal audit"
    CUSTOMER_COMPLAINT = "customer_complaint", "Customer complaint"
    DELIVERY_REJECTION = "delivery_rejection", "Delivery rejection"
    PROCESS_MONITORING = "process_monitoring", "Process monitoring"
    MANAGEMENT_REVIEW = "management_review", "Management review"
    SUPPLIER = "supplier", "Supplier"
    OTHER = "other", "Other"


class Disposition(models.TextChoices):
    USE_AS_IS = "use_as_is", "Use as is"
    REWORK = "rework", "Rework"
    REPAIR = "repair", "Repair"
    REGRADE = "regrade", "Regrade"
    SCRAP = "scrap", "Scrap"
    RETURN_TO_SUPPLIER = "return_to_supplier", "Return to supplier"
    CONCESSION = "concession", "Concession (customer's authorisation)"


class NcState(models.TextChoices):
    OPEN = "open", "Open"
    DISPOSITION_PROPOSED = "disposition_proposed", "Disposition proposed"
    DISPOSITIONED = "dispositioned", "Disposition approved"
    CLOSED = "closed", "Closed"
    CANCELLED = "cancelled", "Cancelled"


NC_OPEN_STATES = (NcState.OPEN, NcState.DISPOSITION_PROPOSED, NcState.DISPOSITIONED)


class Nonconformity(TenantModel):
    reference = models.CharField(max_length=20, editable=False)
    year = models.PositiveSmallIntegerField(editable=False)
    number = models.PositiveIntegerField(editable=False)
    source = models.CharField(max_length=30, choices=Source.choices, default=Source.OTHER)
    category = models.CharField(max_length=20, choices=Category.choices, default=Category.PRODUCT)
    severity = models.CharField(max_length=20, choices=Severity.choices, default=Severity.MEDIUM)
    title = models.CharField("what", max_length=200)
    description = models.TextField(blank=True, max_length=20000)
    location = models.CharField("where", max_length=200, blank=True)
    occurred_on = models.DateField("when")
    quantity_affected = models.DecimalField(max_digits=14, decimal_places=3, null=True, blank=True)
    party = models.ForeignKey(
        "parties.Party", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    delivery = models.ForeignKey(
        "suppliers.Delivery", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    complaint = models.ForeignKey(
        "feedback.Complaint", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    containment = models.TextField("containment", blank=True, max_length=20000)
    state = models.CharField(
        max_length=30, choices=NcState.choices, default=NcState.OPEN, editable=False
    )
    disposition = models.CharField(
        max_length=30, choices=Disposition.choices, blank=True, editable=False
    )
    disposition_note = models.TextField(blank=True, max_length=20000, editable=False)
    customer_authorisation = models.CharField(
        "customer's authorisation",
        max_length=300,
        blank=True,
        editable=False,
        help_text="Who at the customer authorised the concession, and the reference.",
    )
    disposition_proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    disposition_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    disposition_approved_at = models.DateTimeField(null=True, blank=True, editable=False)
    disposition_signature = models.ForeignKey(
        "audit.Signature", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    opened_at = models.DateTimeField(editable=False)
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta(TenantModel.Meta):
        verbose_name_plural = "nonconformities"
        ordering = ["-opened_at", "-id"]
        constraints = [
            *TenantModel.Meta.constraints,
            models.UniqueConstraint(
                fields=["organization", "year", "number"], name="nc_org_number_uniq"
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "opened_at", "id"], name="nc_org_opened_idx"),
            models.Index(fields=["organization", "state", "opened_at"], name="nc_org_state_idx"),
            models.Index(fields=["organization", "delivery"], name="nc_org_delivery_idx"),
            models.Index(fields=["organization", "complaint"], name="nc_org_complaint_idx"),
        ]

    def __str__(self):
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.state in NC_OPEN_STATES


def nc_attachment_upload_to(attachment, filename: str) -> str:
    return (
        f"{int(attachment.organization_id)}/corrective_actions/nonconformities/"
        f"{int(attachment.nonconformity_id)}/{filename}"
    )


class NonconformityAttachment(TenantModel):
    """Evidence of a nonconformity (photos, reports), checked by its content."""

    nonconformity = models.ForeignKey(
        Nonconformity, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(upload_to=nc_attachment_upload_to, max_length=255, editable=False)
    original_name = models.CharField(max_length=255, editable=False)
    content_type = models.CharField(max_length=100, editable=False)
    size = models.PositiveIntegerField(editable=False)

    class Meta(TenantModel.Meta):
        ordering = ["id"]
        indexes = [
            models.Index(fields=["organization", "nonconformity"], name="nc_att_org_idx"),
        ]

    def __str__(self):
        return self.original_name


class NonconformityEvent(TenantModel):
    """One step of a nonconformity's timeline: from, to, who, when, the note."""

    nonconformity = models.ForeignKey(
        Nonconformity, on_delete=models.CASCADE, related_name="events"
    )
    from_state = models.CharField(max_length=30, choices=NcState.choices, blank=True)
    to_state = models.CharField(max_length=30, choices=NcState.choices)
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.TextField(blank=True, max_length=20000)

    class Meta(TenantModel.Meta):
        ordering = ["at", "id"]
        indexes = [
            models.Index(fields=["organization", "nonconformity", "at"], name="nc_event_org_idx"),
        ]

    def __str__(self):
        return f"{self.from_state or 'new'} → {self.to_state}"
