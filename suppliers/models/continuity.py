"""Supply continuity (ISO 9001 8.4.1, 6.1): for each category of what suppliers supply, the
backup supplier named for it, and the contingency plans for critical categories and
suppliers, each tested and reviewed on a cadence.

Which suppliers are approved for a category, and whether it is single-source, is not
stored: it is read from the register (``suppliers.selectors.continuity``), so a change of a
supplier's status changes it at once.
"""

from django.conf import settings
from django.db import models

from relmgmt.core.models import TenantModel
from suppliers.models.register import Category


class CategorySourcing(TenantModel):
    """What the organisation has arranged for one supplied category: its backup supplier,
    approved or being evaluated (due to be decided by ``backup_due_on``)."""

    category = models.CharField(max_length=30, choices=Category.choices)
    backup_supplier = models.ForeignKey(
        "suppliers.Supplier",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="backup_for",
        help_text="A second source for the category: approved, or being evaluated.",
    )
    backup_due_on = models.DateField(
        "backup decided by",
        null=True,
        blank=True,
        help_text="For a backup still being evaluated: when its evaluation is due to end.",
    )
    notes = models.TextField(blank=True, max_length=5000)

    class Meta(TenantModel.Meta):
        ordering = ["category"]
        constraints = [
            *TenantModel.Meta.constraints,
            models.UniqueConstraint(
                fields=["organization", "category"], name="sourcing_org_category_uniq"
            ),
        ]

    def __str__(self):
        return f"Sourcing of {self.get_category_display()}"


class ContingencyPlan(TenantModel):
    """What is done if a critical category's or supplier's supply stops: the trigger, the
    actions, the owner, when it was last tested, and when it is next reviewed (reminded)."""

    title = models.CharField(max_length=200)
    category = models.CharField(
        max_length=30, choices=Category.choices, blank=True, help_text="The category it covers."
    )
    supplier = models.ForeignKey(
        "suppliers.Supplier",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contingency_plans",
        help_text="Or the supplier it covers.",
    )
    trigger = models.TextField(max_length=5000, help_text="What sets the plan off.")
    actions = models.TextField(max_length=20000, help_text="What is done, in order.")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    last_tested_on = models.DateField("last tested on", null=True, blank=True)
    review_every_months = models.PositiveSmallIntegerField("reviewed every (months)", default=12)
    next_review_on = models.DateField(
        "next review", null=True, blank=True, editable=False,
        help_text="The last test plus the cadence (or the plan's creation plus the cadence).",
    )  # fmt: skip

    class Meta(TenantModel.Meta):
        ordering = ["next_review_on", "id"]
        indexes = [
            models.Index(fields=["organization", "next_review_on"], name="contingency_org_due_idx"),
            models.Index(fields=["organization", "category"], name="contingency_org_cat_idx"),
        ]

    def __str__(self):
        return self.title
