"""Approval of suppliers (ISO 9001 8.4): every change of a supplier's approval status is a
transition, logged with its reason and person and, for approvals, suspensions and
disqualifications, signed."""

from django.conf import settings
from django.db import models

from relmgmt.core.models import TenantModel
from suppliers.models.register import ApprovalStatus, Supplier


class SupplierTransition(TenantModel):
    """One change of a supplier's approval status: from, to, why, who, when; signed when it
    approves, suspends or disqualifies. Written once by the transition service, never changed
    (except to link its signature right after signing)."""

    supplier = models.ForeignKey(Supplier, on_delete=models.PROTECT, related_name="transitions")
    from_status = models.CharField(max_length=30, choices=ApprovalStatus.choices)
    to_status = models.CharField(max_length=30, choices=ApprovalStatus.choices)
    reason = models.TextField()
    conditions = models.TextField(blank=True)
    conditions_until = models.DateField(null=True, blank=True)
    # An approval that went ahead although a required certificate was missing or expired:
    # what was lacking and the reason given for approving anyway.
    certificate_override = models.TextField(blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    occurred_at = models.DateTimeField()
    signature = models.ForeignKey(
        "audit.Signature", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # A change brought in by the history import: who decided, as the history names them
    # (``actor`` is then the member who imported it, or the member named), and when it was
    # imported; ``occurred_at`` is when it happened.
    decided_by = models.CharField(max_length=200, blank=True)
    imported_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta(TenantModel.Meta):
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(
                fields=["organization", "supplier", "occurred_at"],
                name="suppliertrans_org_sup_idx",
            )
        ]

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"

    @property
    def decided_by_label(self) -> str:
        return self.decided_by or self.actor.display_name
