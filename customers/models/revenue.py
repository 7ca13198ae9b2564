"""Revenue per customer and period, and customers marked lost.

One row per customer party and period: a month, or a quarter (starting in January, April,
July or October). ``category_spend`` is what the customer spends in the category overall,
where known (share of wallet = our revenue over it); ``margin`` is the gross margin earned
on the revenue, where known. ``month_index`` (year x 12 + month - 1) is kept with the row so
that the figures bucket rows into months or quarters with integer arithmetic alone.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from relmgmt.core.models import TenantModel

MONEY = {"max_digits": 14, "decimal_places": 2}


class PeriodKind(models.TextChoices):
    MONTH = "month", "Month"
    QUARTER = "quarter", "Quarter"


def month_index(day) -> int:
    return day.year * 12 + day.month - 1


class Revenue(TenantModel):
    """Revenue from one customer in one month or quarter."""

    party = models.ForeignKey("parties.Party", on_delete=models.PROTECT, related_name="revenues")
    period_start = models.DateField(help_text="The first day of the month or quarter.")
    period_kind = models.CharField(
        max_length=10, choices=PeriodKind.choices, default=PeriodKind.MONTH
    )
    amount = models.DecimalField(**MONEY, help_text="Revenue invoiced in the period.")
    category_spend = models.DecimalField(
        **MONEY,
        null=True,
        blank=True,
        help_text="The customer's total spend in the category in the period, where known.",
    )
    margin = models.DecimalField(
        **MONEY, null=True, blank=True, help_text="Gross margin on the revenue, where known."
    )
    month_index = models.PositiveIntegerField(editable=False)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    class Meta(TenantModel.Meta):
        ordering = ["-period_start", "-id"]
        constraints = [
            *TenantModel.Meta.constraints,
            models.UniqueConstraint(
                fields=["organization", "party", "period_start", "period_kind"],
                name="revenue_one_per_party_period",
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="revenue_amount_not_negative"),
            models.CheckConstraint(
                condition=Q(category_spend__isnull=True) | Q(category_spend__gte=F("amount")),
                name="revenue_within_category_spend",
            ),
        ]
        indexes = [
            models.Index(
                fields=["organization", "month_index", "party"], name="revenue_org_month_idx"
            ),
            models.Index(fields=["organization", "party", "month_index"], name="revenue_party_idx"),
        ]

    def __str__(self):
        return f"{self.party} · {self.period_label}"

    @property
    def months(self) -> int:
        return 3 if self.period_kind == PeriodKind.QUARTER else 1

    @property
    def period_label(self) -> str:
        if self.period_kind == PeriodKind.QUARTER:
            return f"{self.period_start.year} Q{(self.period_start.month - 1) // 3 + 1}"
        return self.period_start.strftime("%Y-%m")


class Loss(TenantModel):
    """A customer marked lost from a month on, with the reason (before the revenue gap says
    so). Revenue after it counts the customer as won back."""

    party = models.ForeignKey("parties.Party", on_delete=models.PROTECT, related_name="losses")
    lost_on = models.DateField()
    reason = models.TextField()
    month_index = models.PositiveIntegerField(editable=False)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )

    class Meta(TenantModel.Meta):
        verbose_name = "lost customer"
        ordering = ["-lost_on", "-id"]
        indexes = [
            models.Index(fields=["organization", "party", "month_index"], name="loss_party_idx"),
        ]

    def __str__(self):
        return f"{self.party} lost on {self.lost_on}"
