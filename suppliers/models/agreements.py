"""Agreements with suppliers (ISO 9001 8.4.3: what is communicated to external providers):
the contract, its dates, the service levels with their targets, the disputes raised under
it, and how the relationship would end (exit plan). Reminded before its review date and its
end."""

from django.db import models

from relmgmt.core.models import TenantModel


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ACTIVE = "active", "Active"
    ENDED = "ended", "Ended"
    TERMINATED = "terminated", "Terminated"


# Statuses whose end and review dates are still reminded.
REMINDED_STATUSES = (AgreementStatus.DRAFT, AgreementStatus.ACTIVE)


class Agreement(TenantModel):
    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.PROTECT, related_name="agreements"
    )
    contract_reference = models.CharField(max_length=64)
    title = models.CharField(max_length=200)
    starts_on = models.DateField("starts on")
    ends_on = models.DateField("ends on")
    review_on = models.DateField("review date", null=True, blank=True)
    exit_plan = models.TextField("exit plan", blank=True)
    status = models.CharField(
        max_length=20, choices=AgreementStatus.choices, default=AgreementStatus.ACTIVE
    )

    class Meta(TenantModel.Meta):
        ordering = ["ends_on", "id"]
        constraints = [
            *TenantModel.Meta.constraints,
            models.UniqueConstraint(
                fields=["organization", "contract_reference"], name="agreement_org_ref_uniq"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="agreement_ends_after_start",
            ),
        ]
        indexes = [
            models.Index(
                fields=["organization", "supplier", "ends_on"], name="agreement_org_sup_idx"
            ),
            models.Index(fields=["organization", "status", "ends_on"], name="agreement_org_st_idx"),
        ]

    def __str__(self):
        return f"{self.contract_reference} {self.title}"


class ServiceLevelMetric(models.TextChoices):
    """What of the deliveries a service level is compared with (none: not measured from
    deliveries, such as a reply time)."""

    NONE = "", "Not measured from deliveries"
    OTIF = "otif", "On time in full (% of deliveries, at least)"
    DEFECT_PPM = "defect_ppm", "Defects (rejected units per million, at most)"
    DAYS_LATE = "days_late", "Mean days late (at most)"
    COMPLAINTS = "complaints", "Complaints naming the supplier (number in the period, at most)"


class ServiceLevel(TenantModel):
    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="service_levels"
    )
    measure = models.CharField(max_length=200)
    target = models.DecimalField(max_digits=12, decimal_places=3)
    unit = models.CharField(max_length=30, blank=True)
    metric = models.CharField(
        "compared with",
        max_length=20,
        choices=ServiceLevelMetric.choices,
        blank=True,
        default="",
        help_text="What of the deliveries in the agreement's period the target is compared with.",
    )

    class Meta(TenantModel.Meta):
        ordering = ["id"]
        indexes = [models.Index(fields=["organization", "agreement"], name="servicelevel_org_idx")]

    def __str__(self):
        return f"{self.measure}: {self.target.normalize():f} {self.unit}".strip()


class DisputeStatus(models.TextChoices):
    OPEN = "open", "Open"
    RESOLVED = "resolved", "Resolved"
    ESCALATED = "escalated", "Escalated"


class Dispute(TenantModel):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="disputes")
    raised_on = models.DateField("raised on")
    description = models.TextField()
    status = models.CharField(
        max_length=20, choices=DisputeStatus.choices, default=DisputeStatus.OPEN
    )
    resolution = models.TextField(blank=True)
    closed_on = models.DateField(
        "closed on",
        null=True,
        blank=True,
        help_text="When it was resolved (today when marked resolved without a date).",
    )

    class Meta(TenantModel.Meta):
        ordering = ["raised_on", "id"]
        indexes = [models.Index(fields=["organization", "agreement"], name="dispute_org_idx")]

    def __str__(self):
        return f"Dispute of {self.raised_on:%Y-%m-%d}"
