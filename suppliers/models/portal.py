"""What the supplier portal adds to the register: the supplier's proposed changes to its
profile.

A profile change is a proposal (a contact to add or change, the address to change); the
buyer reviews it and, when accepted, the parties services apply it.
"""

from django.conf import settings
from django.db import models

from relmgmt.core.models import TenantModel


class ProfileChangeKind(models.TextChoices):
    CONTACT_ADD = "contact_add", "New contact"
    CONTACT_CHANGE = "contact_change", "Change of a contact"
    ADDRESS = "address", "Change of address"


class ProfileChangeStatus(models.TextChoices):
    PENDING = "pending", "Waiting for the buyer"
    ACCEPTED = "accepted", "Accepted"
    REJECTED = "rejected", "Rejected"


# The fields a supplier may propose, per kind.
CONTACT_PROPOSAL_FIELDS = ("name", "job_title", "email", "phone")
ADDRESS_PROPOSAL_FIELDS = ("address",)


class ProfileChange(TenantModel):
    """A change of its contacts or address that a supplier proposes through the portal."""

    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.PROTECT, related_name="profile_changes"
    )
    kind = models.CharField(max_length=20, choices=ProfileChangeKind.choices)
    contact = models.ForeignKey(
        "parties.Contact",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The contact to change (a change of a contact only).",
    )
    # The proposed values, field name -> value (the fields of the kind only).
    proposed = models.JSONField(default=dict)
    comment = models.TextField(blank=True, help_text="The supplier's note to the buyer.")
    status = models.CharField(
        max_length=20,
        choices=ProfileChangeStatus.choices,
        default=ProfileChangeStatus.PENDING,
        editable=False,
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    decided_at = models.DateTimeField(null=True, blank=True, editable=False)
    rejection_reason = models.TextField(blank=True, editable=False)

    class Meta(TenantModel.Meta):
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["organization", "status", "created_at"], name="profilechange_org_st_idx"
            ),
            models.Index(
                fields=["organization", "supplier", "status"], name="profilechange_org_sup_idx"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} proposed by the supplier"
