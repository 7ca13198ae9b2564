"""The management review (ISO 9001 9.3): a meeting over a period, its inputs generated from
the data of the period (frozen as a snapshot when it is held), the inputs entered by hand
where no data exists, its outputs (9.3.3), and the actions it decides, each with an owner
and a due date."""

from django.conf import settings
from django.db import models

from relmgmt.core.models import TenantModel


class ManagementReview(TenantModel):
    class Status(models.TextChoices):
        PREPARATION = "preparation", "In preparation"
        HELD = "held", "Held"
        APPROVED = "approved", "Minutes approved"

    title = models.CharField(max_length=200)
    meeting_date = models.DateField()
    period_start = models.DateField()
    period_end = models.DateField()
    attendees = models.TextField(help_text="Who takes part, one a line.")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PREPARATION)
    # The inputs entered by hand (audit results, adequacy of resources...), by input key.
    entered = models.JSONField(default=dict, blank=True)
    # Outputs (9.3.3).
    decisions = models.TextField(blank=True, help_text="Opportunities for improvement taken up.")
    qms_changes = models.TextField("changes to the QMS", blank=True)
    resource_needs = models.TextField(blank=True)
    # The generated inputs as they stood when the review was held: the pack shows these.
    snapshot = models.JSONField(default=dict, blank=True, editable=False)
    held_at = models.DateTimeField(null=True, blank=True, editable=False)
    signature = models.ForeignKey(
        "audit.Signature", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta(TenantModel.Meta):
        ordering = ["-meeting_date", "-id"]
        indexes = [
            models.Index(fields=["organization", "meeting_date"], name="mreview_org_date_idx"),
        ]
        constraints = [
            *TenantModel.Meta.constraints,
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="mreview_period_order",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_frozen(self) -> bool:
        return self.status != self.Status.PREPARATION


class ManagementReviewAction(TenantModel):
    review = models.ForeignKey(ManagementReview, on_delete=models.PROTECT, related_name="actions")
    description = models.TextField()
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_date = models.DateField()
    done_on = models.DateField(null=True, blank=True)

    class Meta(TenantModel.Meta):
        ordering = ["due_date", "id"]
        indexes = [
            models.Index(fields=["organization", "due_date"], name="mreview_action_org_due_idx"),
        ]

    def __str__(self):
        return self.description[:80]
