"""The requests the buyer addresses to a supplier (corrective action, document,
information): raised by the buyer with a due date and answered by the supplier through the
portal. ``internal_note`` is the buyer's own: the portal never shows it.

Contract for the scorecard (responsiveness to corrective action requests): a request's
``organization``, ``supplier``, ``kind``, ``sent_at``, ``due_date`` and ``responded_at``
(the first response; kept when the buyer returns it) are plain columns.
"""

from django.conf import settings
from django.db import models

from relmgmt.core.models import TenantModel


class RequestKind(models.TextChoices):
    CORRECTIVE_ACTION = "corrective_action", "Corrective action request"
    DOCUMENT = "document", "Document request"
    INFORMATION = "information", "Information request"


class RequestStatus(models.TextChoices):
    OPEN = "open", "Open"
    RESPONDED = "responded", "Responded"
    RETURNED = "returned", "Returned to the supplier"
    CLOSED = "closed", "Closed"


# The statuses in which the supplier owes an answer.
AWAITING_SUPPLIER = (RequestStatus.OPEN, RequestStatus.RETURNED)


def request_upload_to(request, filename: str) -> str:
    """``<organisation id>/suppliers/<supplier id>/requests/<random name>``."""
    return (
        f"{int(request.organization_id)}/suppliers/{int(request.supplier_id)}/requests/{filename}"
    )


class SupplierRequest(TenantModel):
    """A request the buyer addresses to a supplier: a corrective action request (SCAR), a
    document or some information, due by a date, answered through the portal."""

    supplier = models.ForeignKey(
        "suppliers.Supplier", on_delete=models.PROTECT, related_name="requests"
    )
    kind = models.CharField(max_length=20, choices=RequestKind.choices)
    subject = models.CharField(max_length=200)
    description = models.TextField(help_text="What is asked; the supplier reads it.")
    internal_note = models.TextField(
        blank=True, help_text="For the buyer only: never shown to the supplier."
    )
    due_date = models.DateField()
    status = models.CharField(
        max_length=20, choices=RequestStatus.choices, default=RequestStatus.OPEN, editable=False
    )
    sent_at = models.DateTimeField(editable=False, help_text="When the request was raised.")
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    response = models.TextField(blank=True, editable=False)
    response_file = models.FileField(
        upload_to=request_upload_to, max_length=255, blank=True, editable=False
    )
    response_file_name = models.CharField(max_length=255, blank=True, editable=False)
    response_content_type = models.CharField(max_length=100, blank=True, editable=False)
    response_size = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # The first response: what responsiveness is measured by (a return does not reset it).
    responded_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_responded_at = models.DateTimeField(null=True, blank=True, editable=False)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    return_comment = models.TextField(blank=True, editable=False)
    returned_at = models.DateTimeField(null=True, blank=True, editable=False)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta(TenantModel.Meta):
        ordering = ["due_date", "id"]
        indexes = [
            models.Index(
                fields=["organization", "status", "due_date"], name="suppreq_org_status_idx"
            ),
            models.Index(
                fields=["organization", "supplier", "kind", "sent_at"],
                name="suppreq_org_sup_kind_idx",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.subject}"

    @property
    def awaiting_supplier(self) -> bool:
        return self.status in AWAITING_SUPPLIER
