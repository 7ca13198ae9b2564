"""Customers found lost by the revenue gap, once per last revenue."""

from django.db import models

from relmgmt.core.models import TenantModel


class Lapse(TenantModel):
    """A customer with no revenue for the organisation's number of quarters after its last,
    noticed by the daily job: a note on the party and a follow-up for its owner to try to
    win it back. Kept so that the same gap is followed up once; revenue after it and a new
    gap make a new one."""

    party = models.ForeignKey("parties.Party", on_delete=models.PROTECT, related_name="+")
    last_month_index = models.PositiveIntegerField(help_text="The last month with revenue.")
    noticed_on = models.DateField()
    follow_up = models.ForeignKey(
        "parties.FollowUp", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta(TenantModel.Meta):
        verbose_name = "lapsed customer"
        ordering = ["-noticed_on", "-id"]
        constraints = [
            *TenantModel.Meta.constraints,
            models.UniqueConstraint(
                fields=["organization", "party", "last_month_index"], name="lapse_once_per_gap"
            ),
        ]

    def __str__(self):
        return f"{self.party} lapsed (noticed {self.noticed_on})"
