"""Supplier corrective action requests as 8D reports (SCAR): issued to a supplier from a
nonconformity, a rejected delivery or a poor scorecard standing, and answered by the
supplier's portal users step by step, D1 to D8. The buyer accepts or returns each step with
a comment; a step opens only once the one before it is accepted. Once D8 is accepted the
8D awaits its effectiveness check (a number of days later, by the severity of its
nonconformity), recorded by a manager other than its owner; an effective 8D is closed with a
signature, a not effective one ends there (a new 8D is issued for what remains).

Each step has its own due date (D1 to D3 within the organisation's containment days, D8
within its closure weeks, the steps between spread evenly); the scorecard's responsiveness
counts the steps answered by their due date (``first_answered_at``, kept when a step is
returned). ``internal_note`` is the buyer's: the portal never shows it. D4's five whys and
fishbone are a ``RootCauseAnalysis``, the same data a corrective action uses.
"""

from django.conf import settings
from django.db import models

from corrective_actions.models.nonconformities import Nonconformity
from corrective_actions.models.root_cause import RootCauseAnalysis
from relmgmt.core.models import TenantModel


class ScarSource(models.TextChoices):
    NONCONFORMITY = "nonconformity", "Nonconformity"
    DELIVERY = "delivery", "Rejected delivery"
    SCORECARD = "scorecard", "Poor scorecard standing"
    REQUEST = "request", "Earlier corrective action request"
    OTHER = "other", "Other"


class ScarState(models.TextChoices):
    OPEN = "open", "Open"
    EFFECTIVENESS_CHECK = "effectiveness_check", "Awaiting effectiveness check"
    EFFECTIVE = "effective", "Effective, awaiting closure"
    CLOSED = "closed", "Closed"
    NOT_EFFECTIVE = "not_effective", "Not effective"
    CANCELLED = "cancelled", "Cancelled"


class Discipline(models.IntegerChoices):
    D1 = 1, "D1 Team"
    D2 = 2, "D2 Problem description (is / is not)"
    D3 = 3, "D3 Containment"
    D4 = 4, "D4 Root cause and escape point"
    D5 = 5, "D5 Permanent corrective actions"
    D6 = 6, "D6 Implemented and validated"
    D7 = 7, "D7 Recurrence prevented"
    D8 = 8, "D8 Closure"


class StepStatus(models.TextChoices):
    WAITING = "waiting", "Waiting for the step before"
    OPEN = "open", "Awaiting the supplier"
    SUBMITTED = "submitted", "Awaiting the buyer's review"
    RETURNED = "returned", "Returned to the supplier"
    ACCEPTED = "accepted", "Accepted"


# The statuses in which the supplier owes an answer to the step.
AWAITING_SUPPLIER = (StepStatus.OPEN, StepStatus.RETURNED)


class SupplierCorrectiveAction(TenantModel):
    reference = models.CharField(max_length=20, editable=False)
    year = models.PositiveSmallIntegerField(editable=False)
    number = models.PositiveIntegerField(editable=False)
    supplier = models.ForeignKey("suppliers.Supplier", on_delete=models.PROTECT, related_name="+")
    source = models.CharField(max_length=20, choices=ScarSource.choices, default=ScarSource.OTHER)
    nonconformity = models.ForeignKey(
        Nonconformity, on_delete=models.PROTECT, null=True, blank=True, related_name="scars"
    )
    delivery = models.ForeignKey(
        "suppliers.Delivery", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    moved_from_request = models.ForeignKey(
        "suppliers.SupplierRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        help_text="The corrective action request this SCAR was moved from.",
    )
    title = models.CharField(max_length=200)
    description = models.TextField(
        max_length=20000, help_text="What is wrong and what is asked; the supplier reads it."
    )
    internal_note = models.TextField(
        blank=True, max_length=20000, help_text="For the buyer only: never shown to the supplier."
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The buyer's person who reviews the steps.",
    )
    state = models.CharField(
        max_length=20, choices=ScarState.choices, default=ScarState.OPEN, editable=False
    )
    current_step = models.PositiveSmallIntegerField(
        choices=Discipline.choices, default=Discipline.D1, editable=False
    )
    analysis = models.ForeignKey(
        RootCauseAnalysis, on_delete=models.PROTECT, related_name="+", editable=False
    )
    issued_at = models.DateTimeField(editable=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    effectiveness_due_on = models.DateField(null=True, blank=True, editable=False)
    effectiveness_result = models.TextField(blank=True, max_length=20000, editable=False)
    effectiveness_checked_at = models.DateTimeField(null=True, blank=True, editable=False)
    effectiveness_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    closure_signature = models.ForeignKey(
        "audit.Signature",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    class Meta(TenantModel.Meta):
        verbose_name = "supplier corrective action request (8D)"
        ordering = ["-issued_at", "-id"]
        constraints = [
            *TenantModel.Meta.constraints,
            models.UniqueConstraint(
                fields=["organization", "year", "number"], name="scar_org_number_uniq"
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "issued_at", "id"], name="scar_org_issued_idx"),
            models.Index(fields=["organization", "state", "issued_at"], name="scar_org_state_idx"),
            models.Index(fields=["organization", "supplier"], name="scar_org_supplier_idx"),
        ]

    def __str__(self):
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.state == ScarState.OPEN


class ScarStep(TenantModel):
    """One discipline of the 8D: the supplier's answer, the buyer's review, the due date."""

    scar = models.ForeignKey(
        SupplierCorrectiveAction, on_delete=models.CASCADE, related_name="steps"
    )
    discipline = models.PositiveSmallIntegerField(choices=Discipline.choices)
    status = models.CharField(
        max_length=20, choices=StepStatus.choices, default=StepStatus.WAITING, editable=False
    )
    due_date = models.DateField()
    answer = models.TextField(blank=True, max_length=20000, editable=False)
    # D2's is / is not, D4's escape point: parts of the answer of their own.
    is_not = models.TextField("is not", blank=True, max_length=20000, editable=False)
    escape_point = models.TextField(blank=True, max_length=20000, editable=False)
    first_answered_at = models.DateTimeField(null=True, blank=True, editable=False)
    answered_at = models.DateTimeField(null=True, blank=True, editable=False)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    review_comment = models.TextField(blank=True, max_length=20000, editable=False)
    reviewed_at = models.DateTimeField(null=True, blank=True, editable=False)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    times_returned = models.PositiveSmallIntegerField(default=0, editable=False)

    class Meta(TenantModel.Meta):
        ordering = ["discipline", "id"]
        constraints = [
            *TenantModel.Meta.constraints,
            models.UniqueConstraint(
                fields=["organization", "scar", "discipline"], name="scar_step_uniq"
            ),
        ]
        indexes = [
            models.Index(
                fields=["organization", "status", "due_date"], name="scar_step_org_due_idx"
            ),
        ]

    def __str__(self):
        return self.get_discipline_display()

    @property
    def code(self) -> str:
        return f"D{self.discipline}"

    @property
    def awaiting_supplier(self) -> bool:
        return self.status in AWAITING_SUPPLIER


def scar_attachment_upload_to(attachment, filename: str) -> str:
    return (
        f"{int(attachment.organization_id)}/corrective_actions/scars/"
        f"{int(attachment.scar_id)}/{filename}"
    )


class ScarAttachment(TenantModel):
    """Evidence the supplier attaches to a step, checked by its content."""

    scar = models.ForeignKey(
        SupplierCorrectiveAction, on_delete=models.CASCADE, related_name="attachments"
    )
    step = models.ForeignKey(ScarStep, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=scar_attachment_upload_to, max_length=255, editable=False)
    original_name = models.CharField(max_length=255, editable=False)
    content_type = models.CharField(max_length=100, editable=False)
    size = models.PositiveIntegerField(editable=False)

    class Meta(TenantModel.Meta):
        ordering = ["id"]
        indexes = [models.Index(fields=["organization", "scar"], name="scar_att_org_idx")]

    def __str__(self):
        return self.original_name


class ScarEvent(TenantModel):
    """One line of a SCAR's history: issued, a step answered, accepted or returned, closed.
    ``internal`` lines (the buyer's notes) never reach the portal."""

    scar = models.ForeignKey(
        SupplierCorrectiveAction, on_delete=models.CASCADE, related_name="events"
    )
    discipline = models.PositiveSmallIntegerField(choices=Discipline.choices, null=True, blank=True)
    action = models.CharField(max_length=30)
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.TextField(blank=True, max_length=20000)
    internal = models.BooleanField(default=False)

    class Meta(TenantModel.Meta):
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["organization", "scar", "at"], name="scar_event_org_idx")]

    def __str__(self):
        step = f"D{self.discipline} " if self.discipline else ""
        return f"{step}{self.action}"
