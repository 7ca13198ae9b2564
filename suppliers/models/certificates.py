"""Suppliers' certificates and documents (ISO 9001 8.4.2): what each is, who issued it, when
it is valid, and the file; whether the buyer accepts an upload from the portal."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from relmgmt.core.models import TenantModel
from suppliers.models.register import Supplier


class CertificateType(models.TextChoices):
    ISO_9001 = "iso_9001", "ISO 9001"
    ISO_14001 = "iso_14001", "ISO 14001"
    IATF_16949 = "iatf_16949", "IATF 16949"
    INSURANCE = "insurance", "Insurance"
    NDA = "nda", "NDA"
    OTHER = "other", "Other"


class CertificateStatus(models.TextChoices):
    """Whether the buyer accepts the document. Members' uploads are accepted at once; an
    upload by the supplier through the portal waits for a member to accept it, and only
    accepted certificates count (for the flag, for what replaces what)."""

    ACCEPTED = "accepted", "Accepted"
    PENDING = "pending", "Waiting for the buyer's acceptance"
    REJECTED = "rejected", "Rejected by the buyer"


def certificate_upload_to(certificate, filename: str) -> str:
    """``<organisation id>/suppliers/<supplier id>/certificates/<random name>``: the user's
    file name is kept in ``original_name``, never in the path. The service gives ``filename``
    as a random token with the extension of the checked content."""
    return (
        f"{int(certificate.organization_id)}/suppliers/{int(certificate.supplier_id)}"
        f"/certificates/{filename}"
    )


class Certificate(TenantModel):
    """A supplier's certificate or document (ISO 9001 8.4.2): what it is, who issued it,
    when it is valid, and the file. Files are served only through a permission-checked view."""

    supplier = models.ForeignKey(Supplier, on_delete=models.PROTECT, related_name="certificates")
    type = models.CharField(max_length=20, choices=CertificateType.choices)
    issuer = models.CharField(
        max_length=200, help_text="Who issued it, e.g. the certification body."
    )
    number = models.CharField("certificate number", max_length=100, blank=True)
    valid_from = models.DateField()
    valid_to = models.DateField("valid until")
    file = models.FileField(upload_to=certificate_upload_to, max_length=255, editable=False)
    original_name = models.CharField(
        max_length=255, editable=False, help_text="The uploaded file's name, for the download."
    )
    content_type = models.CharField(max_length=100, editable=False)
    size = models.PositiveIntegerField(editable=False)
    status = models.CharField(
        max_length=20,
        choices=CertificateStatus.choices,
        default=CertificateStatus.ACCEPTED,
        editable=False,
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    accepted_at = models.DateTimeField(null=True, blank=True, editable=False)
    rejection_reason = models.TextField(
        blank=True, editable=False, help_text="Why the buyer rejected a portal upload."
    )
    # When the history import brought it in (then without a file).
    imported_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta(TenantModel.Meta):
        ordering = ["supplier_id", "type", "-valid_to", "-id"]
        constraints = [
            *TenantModel.Meta.constraints,
            models.CheckConstraint(
                condition=models.Q(valid_to__gte=models.F("valid_from")),
                name="certificate_valid_to_after_from",
            ),
        ]
        indexes = [
            models.Index(
                fields=["organization", "supplier", "type", "valid_to"],
                name="certificate_org_sup_type_idx",
            ),
            models.Index(fields=["organization", "valid_to"], name="certificate_org_valid_to_idx"),
        ]

    def __str__(self):
        return f"{self.get_type_display()} {self.number}".strip()

    def clean(self):
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": "The end of validity must not be before its start."})
