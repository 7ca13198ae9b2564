"""The audit trail: append-only events, chained by hash per organisation, and signatures."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django_scopes import ScopedManager

from relmgmt.core.models import OperationalTenantModel, TenantModel


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionDenied("Audit events are append-only.")

    def delete(self):
        raise PermissionDenied("Audit events are append-only.")

    def bulk_update(self, *args, **kwargs):
        raise PermissionDenied("Audit events are append-only.")


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        CREATE = "create", "Created"
        UPDATE = "update", "Changed"
        DELETE = "delete", "Deleted"
        SIGN = "sign", "Signed"
        REDACT = "redact", "Personal data redacted"

    organization = models.ForeignKey(
        "tenancy.Organization", on_delete=models.PROTECT, related_name="+"
    )
    seq = models.BigIntegerField(help_text="Position in the organisation's chain, from 1.")
    occurred_at = models.DateTimeField()
    # Users are deactivated, never deleted; no database constraint so the trail never changes.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_label = models.CharField(max_length=254)
    source = models.CharField(max_length=16)
    # For a fact brought in from before the system (source "import"): the day it happened.
    # The event itself is appended when it is imported (``occurred_at``).
    happened_on = models.DateField(null=True, blank=True)
    action = models.CharField(max_length=8, choices=Action.choices)
    model_label = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(max_length=200)
    changes = models.JSONField(default=dict, help_text="{field: [before, after]}")
    reason = models.TextField(blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)
    # 1: plain SHA-256 (events from before keyed hashes); 2 and later: HMAC-SHA256 with the
    # audit key of that version (relmgmt.audit.hashing). A database default, so adding the
    # column rewrites no row (and keeps SQLite's table, and its guard, as it is).
    hash_version = models.PositiveSmallIntegerField(null=True, db_default=1)

    objects = ScopedManager(
        _manager_class=models.Manager.from_queryset(AppendOnlyQuerySet), organization="organization"
    )

    class Meta:
        ordering = ["organization", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "id"], name="audit_event_org_id_uniq"),
            models.UniqueConstraint(
                fields=["organization", "seq"], name="audit_event_org_seq_uniq"
            ),
        ]
        indexes = [
            models.Index(
                fields=["organization", "model_label", "object_id", "seq"],
                name="audit_event_org_record_idx",
            ),
            models.Index(fields=["organization", "occurred_at"], name="audit_event_org_time_idx"),
            models.Index(fields=["organization", "actor", "seq"], name="audit_event_org_actor_idx"),
        ]

    def __str__(self):
        return f"#{self.seq} {self.action} {self.model_label} {self.object_id}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionDenied("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("Audit events are append-only.")

    @property
    def model_verbose_name(self) -> str:
        from django.apps import apps

        try:
            return str(apps.get_model(self.model_label)._meta.verbose_name)
        except LookupError:
            return self.model_label

    def hashed_fields(self) -> dict:
        from relmgmt.audit.hashing import jsonable

        fields = {
            "organization": self.organization_id,
            "seq": self.seq,
            "occurred_at": jsonable(self.occurred_at),
            "actor": self.actor_id,
            "actor_label": self.actor_label,
            "source": self.source,
            "action": self.action,
            "model_label": self.model_label,
            "object_id": self.object_id,
            "object_repr": self.object_repr,
            "reason": self.reason,
        }
        if self.happened_on is not None:
            # Only when set, so the hashes of every event without it stay as they were.
            fields["happened_on"] = jsonable(self.happened_on)
        return fields


class AuditChain(models.Model):
    """The head of one organisation's chain; locking it orders that organisation's events."""

    organization = models.OneToOneField(
        "tenancy.Organization", on_delete=models.PROTECT, related_name="+"
    )
    last_seq = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64)
    # Events up to this number may carry plain SHA-256 hashes (written before keyed hashes);
    # every later one must be keyed. Sealed with the audit key (hashing.plain_seal), so
    # moving it up to pass a rewrite with plain hashes is caught.
    plain_until_seq = models.BigIntegerField(default=0)
    plain_seal = models.CharField(max_length=80, blank=True)

    def __str__(self):
        return f"chain of organisation {self.organization_id} at #{self.last_seq}"


class Signature(TenantModel):
    """An electronic signature of one version of a record (who, when, meaning, what)."""

    signer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signer_name = models.CharField(max_length=254)
    signed_at = models.DateTimeField()
    meaning = models.CharField(max_length=200, help_text="What the signature means, e.g. Approved.")
    model_label = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64)
    record_version = models.BigIntegerField(
        help_text="Sequence number of the record's latest audit event when it was signed."
    )
    record_hash = models.CharField(max_length=64, help_text="SHA-256 of the signed field values.")

    class Meta(TenantModel.Meta):
        ordering = ["-signed_at"]
        indexes = [
            models.Index(
                fields=["organization", "model_label", "object_id"], name="audit_sig_org_record_idx"
            )
        ]

    def __str__(self):
        return f"{self.meaning} by {self.signer_name} at {self.signed_at:%Y-%m-%d %H:%M}"


class ChainVerification(OperationalTenantModel):
    """One check of an organisation's hash chain: the nightly one, or one an admin or an
    auditor asked for (a background job the audit log page polls).

    Not audited itself: a check that wrote to the chain it checks would move the head it
    reports, and its progress is machinery, not a record of the quality system."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        INTACT = "intact", "Intact"
        BROKEN = "broken", "Broken"
        FAILED = "failed", "Could not finish"

    class Trigger(models.TextChoices):
        NIGHTLY = "nightly", "Nightly check"
        ON_DEMAND = "on_demand", "Asked for"

    FINISHED = (Status.INTACT, Status.BROKEN, Status.FAILED)
    # A check not finished this long after it was asked for lost its worker: not waited for.
    ABANDONED_AFTER = timedelta(hours=1)

    trigger = models.CharField(max_length=10, choices=Trigger.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    events_checked = models.BigIntegerField(default=0)
    head_seq = models.BigIntegerField(null=True, blank=True)
    head_hash = models.CharField(max_length=64, blank=True)
    broken_at_seq = models.BigIntegerField(
        null=True, blank=True, help_text="The first event found altered or missing."
    )
    problem = models.CharField(max_length=300, blank=True)

    class Meta(OperationalTenantModel.Meta):
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["organization", "-created_at"], name="audit_verif_org_created_idx")
        ]

    def __str__(self):
        return f"Verification {self.pk} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED


class SecurityEvent(models.Model):
    """A refused write or a failed authentication, for the organisation's admins to read
    (the security log). Not part of the hash chain: these are attempts, not records, and
    they are kept only ``RELMGMT_SECURITY_LOG_DAYS`` (purged nightly).

    Personal data are kept to what an investigation needs: the account (when one is known),
    the client's address and the request's method and path; never the name typed at a
    failed sign-in of an unknown account, never a password, code or token. A row concerns
    one organisation where that is known (a failed sign-in to an account with memberships
    is written once per organisation) and none otherwise; the column is not
    ``organization_id`` on purpose: rows without one are not a tenant's."""

    class Kind(models.TextChoices):
        LOGIN_FAILED = "login_failed", "Sign-in failed"
        MFA_FAILED = "mfa_failed", "Two-factor code refused"
        TOKEN_FAILED = "token_failed", "API token refused"
        WRITE_REFUSED = "write_refused", "Change refused"

    occurred_at = models.DateTimeField()
    organization = models.ForeignKey(
        "tenancy.Organization",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        db_column="concerns_organization_id",
        related_name="+",
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    client_ip = models.GenericIPAddressField(null=True, blank=True)
    method = models.CharField(max_length=8, blank=True)
    path = models.CharField(max_length=200, blank=True)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    detail = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(
                fields=["organization", "-occurred_at"], name="audit_security_org_time_idx"
            ),
            models.Index(fields=["occurred_at"], name="audit_security_time_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} at {self.occurred_at:%Y-%m-%d %H:%M:%S}"
