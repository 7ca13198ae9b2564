"""Relationship plans (ISO 44001): a plan per party, its versions, and their sections."""

from django.conf import settings
from django.db import models

from parties.models.register import Party
from relmgmt.core.models import TenantModel


class RelationshipPlan(TenantModel):
    """The ISO 44001 relationship management plan of a (strategic) party; it has versions."""

    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="plans")
    title = models.CharField(max_length=200)

    class Meta(TenantModel.Meta):
        constraints = [
            *TenantModel.Meta.constraints,
            models.UniqueConstraint(fields=["organization", "party"], name="plan_org_party_uniq"),
        ]

    def __str__(self):
        return self.title


class PlanVersion(TenantModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        APPROVED = "approved", "Approved"
        SUPERSEDED = "superseded", "Superseded"

    plan = models.ForeignKey(RelationshipPlan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    signature = models.ForeignKey(
        "audit.Signature", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta(TenantModel.Meta):
        ordering = ["plan", "-number"]
        constraints = [
            *TenantModel.Meta.constraints,
            models.UniqueConstraint(
                fields=["organization", "plan", "number"], name="planversion_number_uniq"
            ),
        ]

    def __str__(self):
        return f"{self.plan} v{self.number}"


class PlanSection(TenantModel):
    class Key(models.TextChoices):
        ORGANISATION = "organisation", "Organisation (who is who)"
        BUSINESS_CASE = "business_case", "Business case and objectives"
        RESOURCES = "resources", "Resources and capabilities"
        RISK = "risk", "Risk assessment"
        COMMERCIAL = "commercial", "Commercial agreement"
        JOINT_MANAGEMENT = "joint_management", "Joint management activities"
        IMPROVEMENT = "improvement", "Continuous improvement and innovation"
        KNOWLEDGE = "knowledge", "Knowledge sharing"
        COMMUNICATIONS = "communications", "Communications"
        EXIT = "exit", "Exit arrangements"

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        COMPLETE = "complete", "Complete"

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="sections")
    key = models.CharField(max_length=30, choices=Key.choices)
    content = models.TextField(blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)

    class Meta(TenantModel.Meta):
        ordering = ["version", "id"]
        constraints = [
            *TenantModel.Meta.constraints,
            models.UniqueConstraint(
                fields=["organization", "version", "key"], name="plansection_key_uniq"
            ),
        ]

    def __str__(self):
        return self.get_key_display()
