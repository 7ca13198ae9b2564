from django.db import models

from relmgmt.core.models import TenantModel


class Supplier(TenantModel):
    """An external provider (ISO 9001 8.4). Portal users act for exactly one supplier."""

    name = models.CharField(max_length=200)
    code = models.CharField(max_length=32, help_text="Unique within the organisation.")

    class Meta(TenantModel.Meta):
        ordering = ["name"]
        constraints = [
            *TenantModel.Meta.constraints,
            models.UniqueConstraint(fields=["organization", "code"], name="supplier_org_code_uniq"),
        ]

    def __str__(self):
        return f"{self.name} ({self.code})"
