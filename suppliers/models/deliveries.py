"""Deliveries (receipts) from suppliers: what was ordered, promised, received and rejected.

The facts the supplier scorecard aggregates later (on time, in full, quality): one row per
receipt, so one order may have several. Quantities are decimals with three places, not
whole numbers: raw material arrives in kilograms and metres as often as parts arrive in
pieces, and a rounded receipt would misstate what was rejected. The database refuses a
negative quantity, more rejected than received, and an over-delivery flag that disagrees
with the quantities.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from relmgmt.core.models import TenantModel

QUANTITY = {"max_digits": 14, "decimal_places": 3}


class Delivery(TenantModel):
    """One receipt of goods or a service from a supplier (ISO 9001 8.4.2, 8.6)."""

    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.PROTECT, related_name="deliveries"
    )
    order_reference = models.CharField(max_length=64, help_text="The purchase order number.")
    item = models.CharField(max_length=200, help_text="Part number or description.")
    promised_date = models.DateField(help_text="The date the supplier promised.")
    received_date = models.DateField(help_text="The date the goods arrived.")
    quantity_ordered = models.DecimalField(**QUANTITY)
    quantity_received = models.DecimalField(**QUANTITY)
    quantity_rejected = models.DecimalField(default=0, **QUANTITY)
    rejection_reason = models.TextField(blank=True)
    over_delivery = models.BooleanField(
        default=False,
        editable=False,
        help_text="More received than ordered: accepted, but flagged.",
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    class Meta(TenantModel.Meta):
        verbose_name_plural = "deliveries"
        ordering = ["-received_date", "-id"]
        constraints = [
            *TenantModel.Meta.constraints,
            models.CheckConstraint(
                condition=Q(quantity_ordered__gte=0)
                & Q(quantity_received__gte=0)
                & Q(quantity_rejected__gte=0),
                name="delivery_quantities_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(quantity_rejected__lte=F("quantity_received")),
                name="delivery_rejected_within_received",
            ),
            models.CheckConstraint(
                condition=Q(over_delivery=True, quantity_received__gt=F("quantity_ordered"))
                | Q(over_delivery=False, quantity_received__lte=F("quantity_ordered")),
                name="delivery_over_delivery_flag",
            ),
        ]
        indexes = [
            # What scorecards aggregate: a supplier's receipts over a period.
            models.Index(
                fields=["organization", "supplier", "received_date"], name="delivery_org_sup_idx"
            ),
            # The organisation-wide list, newest first.
            models.Index(fields=["organization", "received_date"], name="delivery_org_recv_idx"),
            models.Index(fields=["organization", "order_reference"], name="delivery_org_order_idx"),
        ]

    def __str__(self):
        return f"{self.order_reference} · {self.item} ({self.received_date})"

    @property
    def days_late(self) -> int:
        """Days after the promised date (0 when on time or early)."""
        return max(0, (self.received_date - self.promised_date).days)

    @property
    def is_late(self) -> bool:
        return self.received_date > self.promised_date

    @staticmethod
    def is_over_delivery(ordered, received) -> bool:
        return received > ordered
