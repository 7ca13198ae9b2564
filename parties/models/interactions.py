"""Interactions with a party, who took part in them, and the follow-up actions agreed."""

from django.conf import settings
from django.db import models

from parties.models.contacts import Contact
from parties.models.register import Party
from relmgmt.core.models import TenantModel


class Interaction(TenantModel):
    class Kind(models.TextChoices):
        MEETING = "meeting", "Meeting"
        CALL = "call", "Call"
        EMAIL = "email", "Email"
        VISIT = "visit", "Visit"
        BUSINESS_REVIEW = "business_review", "Business review"
        NOTE = "note", "Note"  # what was noticed, not said: e.g. a customer's revenue gap

    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="interactions")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.MEETING)
    occurred_on = models.DateField()
    summary = models.TextField()
    decisions = models.TextField(blank=True)
    contacts = models.ManyToManyField(
        Contact, through="InteractionContact", related_name="interactions", blank=True
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="InteractionMember", related_name="+", blank=True
    )

    class Meta(TenantModel.Meta):
        ordering = ["-occurred_on", "-id"]
        indexes = [
            models.Index(
                fields=["organization", "party", "occurred_on"], name="interaction_org_party_idx"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.occurred_on:%Y-%m-%d}"


class InteractionContact(TenantModel):
    interaction = models.ForeignKey(Interaction, on_delete=models.CASCADE)
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE)

    class Meta(TenantModel.Meta):
        constraints = [
            *TenantModel.Meta.constraints,
            models.UniqueConstraint(
                fields=["organization", "interaction", "contact"], name="interaction_contact_uniq"
            ),
        ]


class InteractionMember(TenantModel):
    interaction = models.ForeignKey(Interaction, on_delete=models.CASCADE)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta(TenantModel.Meta):
        constraints = [
            *TenantModel.Meta.constraints,
            models.UniqueConstraint(
                fields=["organization", "interaction", "user"], name="interaction_member_uniq"
            ),
        ]


class FollowUp(TenantModel):
    """An action agreed in an interaction, with an owner and a due date (reminded)."""

    interaction = models.ForeignKey(
        Interaction, on_delete=models.CASCADE, related_name="follow_ups"
    )
    description = models.TextField()
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField()
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta(TenantModel.Meta):
        verbose_name = "follow-up"
        verbose_name_plural = "follow-ups"
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["organization", "due_on"], name="followup_org_due_idx")]

    def __str__(self):
        return self.description[:80]
