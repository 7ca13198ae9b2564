"""Performance reviews: meetings with a supplier about how it performs (ISO 9001 8.4.1
monitoring, 9.1.3 analysis). Who attended (members and the supplier's contacts), the
scorecard as it stood, the minutes, what was decided, and the actions agreed, each with an
owner and a due date and reminded until it is closed."""

from django.conf import settings
from django.db import models

from relmgmt.core.models import TenantModel


class PerformanceReview(TenantModel):
    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.PROTECT, related_name="performance_reviews"
    )
    held_on = models.DateField("held on")
    scorecard_snapshot = models.JSONField(default=dict, blank=True, editable=False)
    minutes = models.TextField()
    decisions = models.TextField(blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="PerformanceReviewMember", related_name="+", blank=True
    )
    contacts = models.ManyToManyField(
        "parties.Contact", through="PerformanceReviewContact", related_name="+", blank=True
    )

    class Meta(TenantModel.Meta):
        ordering = ["-held_on", "-id"]
        indexes = [
            models.Index(
                fields=["organization", "supplier", "held_on"], name="perfreview_org_sup_idx"
            ),
            models.Index(fields=["organization", "held_on"], name="perfreview_org_date_idx"),
        ]

    def __str__(self):
        return f"Performance review on {self.held_on:%Y-%m-%d}"


class PerformanceReviewMember(TenantModel):
    review = models.ForeignKey(PerformanceReview, on_delete=models.CASCADE)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta(TenantModel.Meta):
        constraints = [
            *TenantModel.Meta.constraints,
            models.UniqueConstraint(
                fields=["organization", "review", "user"], name="perfreview_member_uniq"
            ),
        ]


class PerformanceReviewContact(TenantModel):
    review = models.ForeignKey(PerformanceReview, on_delete=models.CASCADE)
    contact = models.ForeignKey("parties.Contact", on_delete=models.PROTECT, related_name="+")

    class Meta(TenantModel.Meta):
        constraints = [
            *TenantModel.Meta.constraints,
            models.UniqueConstraint(
                fields=["organization", "review", "contact"], name="perfreview_contact_uniq"
            ),
        ]


class ReviewAction(TenantModel):
    """An action agreed in a performance review: reminded to its owner until closed."""

    review = models.ForeignKey(PerformanceReview, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField()
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField("due on")
    done_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta(TenantModel.Meta):
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["organization", "review", "due_on"], name="reviewaction_org_idx"),
            models.Index(fields=["organization", "owner", "due_on"], name="reviewaction_owner_idx"),
        ]

    def __str__(self):
        return self.description[:80]
