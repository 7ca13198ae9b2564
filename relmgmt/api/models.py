from django.db import models
from django.utils import timezone

from relmgmt.core.models import TenantModel


class ApiToken(TenantModel):
    """A secret that acts as one membership in the API. Only its SHA-256 is stored."""

    membership = models.ForeignKey(
        "tenancy.Membership", on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, help_text="What the token is for, e.g. ERP import.")
    prefix = models.CharField(max_length=12, help_text="The first characters, to recognise it.")
    key_hash = models.CharField(max_length=64, editable=False)
    created_by = models.ForeignKey(
        "accounts.User", null=True, on_delete=models.PROTECT, related_name="+"
    )
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta(TenantModel.Meta):
        ordering = ["-created_at"]
        verbose_name = "API token"
        constraints = [
            *TenantModel.Meta.constraints,
            models.UniqueConstraint(
                fields=["organization", "key_hash"], name="apitoken_org_key_uniq"
            ),
        ]
        indexes = [models.Index(fields=["key_hash"], name="apitoken_key_idx")]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and not self.membership.is_expired

    def mark_used(self) -> None:
        # Usage time is operational data, not a change of the record: not audited.
        type(self)._base_manager.filter(pk=self.pk).update(last_used_at=timezone.now())
