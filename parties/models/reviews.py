"""Reviews of the relationship with a party (ISO 9001 4.2: monitor and review)."""

from django.conf import settings
from django.db import models

from parties.models.register import ONE_TO_FIVE, Party, one_to_five_check
from relmgmt.core.models import TenantModel


class Review(TenantModel):
    """A periodic review of the relationship with a party (4.2: monitor and review)."""

    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField()
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    findings = models.TextField()
    needs_changes = models.TextField("changes to needs", blank=True)
    our_satisfaction = models.PositiveSmallIntegerField(
        "our satisfaction with the relationship", validators=ONE_TO_FIVE
    )
    their_satisfaction = models.PositiveSmallIntegerField(
        "their satisfaction with the relationship", validators=ONE_TO_FIVE
    )
    next_review_due = models.DateField()

    class Meta(TenantModel.Meta):
        ordering = ["-reviewed_on", "-id"]
        constraints = [
            *TenantModel.Meta.constraints,
            one_to_five_check("our_satisfaction", "review"),
            one_to_five_check("their_satisfaction", "review"),
        ]
        indexes = [
            models.Index(
                fields=["organization", "party", "reviewed_on"], name="review_org_party_idx"
            )
        ]

    def __str__(self):
        return f"Review of {self.reviewed_on:%Y-%m-%d}"
