"""Purchase spend per supplier, category and calendar year (ISO 9001 8.4.1, 6.1).

What the organisation spent with a supplier in one category of what it supplies over one
year, as its purchasing or accounting system reports it. Supply continuity reads it: a
category is single-source when one approved supplier holds more than the organisation's
chosen share of the category's spend (``suppliers.selectors.continuity``).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from relmgmt.core.models import TenantModel
from suppliers.models.register import Category

MONEY = {"max_digits": 14, "decimal_places": 2}


class SupplierSpend(TenantModel):
    """Spend with one supplier in one category over one calendar year."""

    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.PROTECT, related_name="spend"
    )
    category = models.CharField(max_length=30, choices=Category.choices)
    year = models.PositiveSmallIntegerField(help_text="The calendar year of the spend.")
    amount = models.DecimalField(**MONEY, help_text="What was spent in the year, not negative.")
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    class Meta(TenantModel.Meta):
        verbose_name = "supplier spend"
        verbose_name_plural = "supplier spend"
        ordering = ["-year", "category", "supplier_id", "id"]
        constraints = [
            *TenantModel.Meta.constraints,
            models.UniqueConstraint(
                fields=["organization", "supplier", "category", "year"],
                name="spend_one_per_supplier_category_year",
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="spend_amount_not_negative"),
        ]
        indexes = [
            # What continuity reads: a category's spend in a year, by supplier.
            models.Index(
                fields=["organization", "category", "year"], name="spend_org_cat_year_idx"
            ),
            models.Index(fields=["organization", "year"], name="spend_org_year_idx"),
        ]

    def __str__(self):
        return f"{self.get_category_display()} {self.year}"
