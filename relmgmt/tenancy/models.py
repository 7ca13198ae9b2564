import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from relmgmt.core.models import (
    AuditedModel,
    AuditedQuerySet,
    OperationalTenantModel,
    TenantModel,
    tenant_manager,
)
from relmgmt.policy import Role


def validate_timezone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(f"{value!r} is not a known time zone, e.g. Europe/Berlin.")


class Organization(AuditedModel):
    """A tenant: one company using relmgmt, with its own members and records."""

    audit_organization_field = "id"

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=50, unique=True)
    timezone = models.CharField(max_length=64, default="UTC", validators=[validate_timezone])
    require_mfa = models.BooleanField(
        "require two-factor authentication",
        default=False,
        help_text="Every member must set up an authenticator app before using the organisation.",
    )
    settings = models.JSONField(default=dict, blank=True)
    suspended_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Set by an operator: a suspended organisation answers nothing to its members.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def audit_organization_id(self) -> int:
        return self.pk

    @property
    def is_suspended(self) -> bool:
        return self.suspended_at is not None


def live_membership(prefix: str = "") -> models.Q:
    """A membership that has not expired; ``prefix`` reaches it from another model."""
    expires_at, now = f"{prefix}expires_at", timezone.now()
    return models.Q(**{f"{expires_at}__isnull": True}) | models.Q(**{f"{expires_at}__gt": now})


class MembershipQuerySet(AuditedQuerySet):
    def active(self):
        return self.filter(live_membership())


class Membership(TenantModel):
    """A person's place in an organisation: their role, and for suppliers, which supplier."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(max_length=16, choices=Role.choices)
    supplier = models.ForeignKey(
        "suppliers.Supplier",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="portal_memberships",
        help_text="For supplier portal users: the supplier they act for.",
    )
    expires_at = models.DateTimeField(
        null=True, blank=True, help_text="Access ends at this time (e.g. an external audit week)."
    )

    objects = tenant_manager(MembershipQuerySet)

    class Meta(TenantModel.Meta):
        ordering = ["user__email"]
        constraints = [
            *TenantModel.Meta.constraints,
            models.UniqueConstraint(
                fields=["organization", "user"], name="membership_org_user_uniq"
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(role=Role.SUPPLIER, supplier__isnull=False)
                    | (~models.Q(role=Role.SUPPLIER) & models.Q(supplier__isnull=True))
                ),
                name="membership_supplier_iff_supplier_role",
            ),
        ]
        indexes = [models.Index(fields=["organization", "role"], name="membership_org_role_idx")]

    def __str__(self):
        return f"{self.user_id and self.user.email} ({self.get_role_display()})"

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()


class Invitation(TenantModel):
    """An emailed, expiring, single-use invitation to join an organisation."""

    email = models.EmailField()
    role = models.CharField(max_length=16, choices=Role.choices)
    supplier = models.ForeignKey(
        "suppliers.Supplier", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    token_hash = models.CharField(max_length=64, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    access_ends_on = models.DateField(
        "access ends on",
        null=True,
        blank=True,
        help_text="The last day of access (an external auditor's): the membership ends the "
        "day after.",
    )

    class Meta(TenantModel.Meta):
        ordering = ["-created_at"]
        constraints = [
            *TenantModel.Meta.constraints,
            models.UniqueConstraint(
                fields=["organization", "token_hash"], name="invitation_org_token_uniq"
            ),
        ]
        indexes = [
            models.Index(fields=["token_hash"], name="invitation_token_idx"),
            models.Index(fields=["organization", "email"], name="invitation_org_email_idx"),
        ]

    def __str__(self):
        return f"Invitation of {self.email} as {self.get_role_display()}"

    @property
    def status(self) -> str:
        if self.accepted_at:
            return "accepted"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "pending"


class AuditorAccess(OperationalTenantModel):
    """A page an auditor member viewed or a file they downloaded, for the admins' access
    log. Written once per request in one plain insert; not audited itself (it records
    reading, not a change of the quality system's records)."""

    class Kind(models.TextChoices):
        VIEW = "view", "Viewed"
        DOWNLOAD = "download", "Downloaded"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    path = models.CharField(max_length=500)
    query = models.CharField(max_length=500, blank=True)
    # What was downloaded: the file's name as the response gave it.
    filename = models.CharField(max_length=255, blank=True)

    class Meta(OperationalTenantModel.Meta):
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["organization", "-created_at"], name="auditoraccess_org_at_idx"),
            models.Index(
                fields=["organization", "user", "-created_at"], name="auditoraccess_org_user_idx"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.path}"
