"""Quality objectives (ISO 9001 6.2): what the organisation sets out to reach, measured by
one of the registered KPIs over a period, with an owner and the actions planned."""

from django.conf import settings
from django.db import models

from relmgmt.core.models import TenantModel


class QualityObjective(TenantModel):
    title = models.CharField(max_length=200)
    kpi = models.CharField("KPI", max_length=64, help_text="What measures it.")
    target = models.DecimalField(max_digits=12, decimal_places=2)
    period_start = models.DateField()
    period_end = models.DateField()
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    actions = models.TextField(blank=True, help_text="What will be done to reach it.")

    class Meta(TenantModel.Meta):
        ordering = ["-period_end", "title", "id"]
        indexes = [
            models.Index(fields=["organization", "period_end"], name="objective_org_end_idx"),
        ]
        constraints = [
            *TenantModel.Meta.constraints,
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="objective_period_order",
            ),
        ]

    def __str__(self):
        return self.title
