"""Risks and opportunities of the relationships (ISO 9001 6.1)."""

from django.conf import settings
from django.db import models

from parties.models.register import ONE_TO_FIVE, Party, one_to_five_check
from relmgmt.core.models import TenantModel


class Risk(TenantModel):
    """A risk or an opportunity of a relationship (6.1). Rating = likelihood x impact."""

    class Kind(models.TextChoices):
        RISK = "risk", "Risk"
        OPPORTUNITY = "opportunity", "Opportunity"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="risks")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.RISK)
    description = models.TextField()
    likelihood = models.PositiveSmallIntegerField(validators=ONE_TO_FIVE)
    impact = models.PositiveSmallIntegerField(validators=ONE_TO_FIVE)
    treatment = models.TextField(blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    review_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)

    class Meta(TenantModel.Meta):
        ordering = ["party", "-id"]
        constraints = [
            *TenantModel.Meta.constraints,
            one_to_five_check("likelihood", "risk"),
            one_to_five_check("impact", "risk"),
        ]
        indexes = [models.Index(fields=["organization", "party"], name="risk_org_party_idx")]

    def __str__(self):
        return self.description[:80]

    @property
    def rating(self) -> int:
        return self.likelihood * self.impact
