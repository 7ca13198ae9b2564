"""Base classes of every domain model.

``AuditedModel`` records each create, change and delete in the audit trail, through every
write path of the ORM: ``save``, ``delete`` (cascades included), and the queryset's
``update``, ``delete``, ``bulk_create`` and ``bulk_update`` (which runs as ``update``).
Conflict-ignoring bulk inserts cannot say which rows they wrote, so they are refused.

``TenantModel`` adds the organisation and the tenancy rules: scoped default manager and
``UniqueConstraint(organization, id)``.

``ImportJob`` is the one concrete model of the platform's core: a confirmed import, written
by the worker while its page polls (``relmgmt.core.import_jobs``).
"""

from django.conf import settings
from django.db import models, transaction
from django_scopes import ScopedManager

from relmgmt.audit import recorder


def atomic_writes(using="default"):
    """A transaction around writes that stand or fall together (an audited write and its
    events, a service's rows). Inside a block that holds audit events (see
    ``recorder.events_held``), whose errors fail the whole block, it opens no savepoint:
    the block's own transaction already makes them one."""
    return transaction.atomic(using=using, savepoint=not recorder.holding(using))


class AuditedQuerySet(models.QuerySet):
    def update(self, **kwargs):
        with atomic_writes(self.db):
            before_rows = list(self.values(*recorder.audited_attnames(self.model)))
            count = super().update(**kwargs)
            recorder.record_queryset_update(self.model, before_rows, using=self.db)
        return count

    update.alters_data = True

    def delete(self):
        # Deletion goes through the collector, which sends pre/post_delete for every row of
        # an audited model (see relmgmt.audit.apps); those signals record the events.
        with atomic_writes(self.db):
            return super().delete()

    delete.alters_data = True

    def bulk_create(self, objs, *args, **kwargs):
        if kwargs.get("ignore_conflicts") or kwargs.get("update_conflicts"):
            raise NotImplementedError(
                "bulk_create with conflict handling bypasses the audit trail; "
                "insert explicitly or use a service that records each row."
            )
        with atomic_writes(self.db):
            created = super().bulk_create(objs, *args, **kwargs)
            recorder.record_bulk_create(self.model, created, using=self.db)
        return created

    bulk_create.alters_data = True

    # bulk_update needs no override: Django runs it as update() per batch, recorded above.


class AuditedModel(models.Model):
    """A record whose every change is evidence (ISO 9001 7.5)."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = models.Manager.from_queryset(AuditedQuerySet)()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        using = kwargs.get("using") or self._state.db or "default"
        with atomic_writes(using):
            before = None if self._state.adding else recorder.stored_values(self, using=using)
            super().save(*args, **kwargs)
            recorder.record_save(self, before, using=using)

    save.alters_data = True

    def audit_organization_id(self) -> int:
        """The organisation whose trail holds this record's events."""
        return self.organization_id


def tenant_manager(queryset_class=AuditedQuerySet):
    """The default manager of a tenant model: scoped to the active organisation."""
    return ScopedManager(
        _manager_class=models.Manager.from_queryset(queryset_class), organization="organization"
    )


class TenantModel(AuditedModel):
    organization = models.ForeignKey(
        "tenancy.Organization", on_delete=models.PROTECT, related_name="+", editable=False
    )

    objects = tenant_manager()

    class Meta:
        abstract = True
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "id"], name="%(app_label)s_%(class)s_org_id_uniq"
            )
        ]


class OperationalTenantModel(models.Model):
    """Tenant-owned operational rows (the reminder outbox, notifications, preferences).

    Scoped and constrained like every tenant table, but not audited: they are the machinery
    that delivers reminders, not records of the quality system, and they change often.
    """

    organization = models.ForeignKey(
        "tenancy.Organization", on_delete=models.PROTECT, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedManager(organization="organization")

    class Meta:
        abstract = True
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "id"], name="%(app_label)s_%(class)s_org_id_uniq"
            )
        ]


class ImportJob(OperationalTenantModel):
    """A confirmed import of a file, written by the worker (all or nothing) while the person
    watches its page. Not audited itself: the records it writes are, in the name of the
    person who confirmed it."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting for the worker"
        RUNNING = "running", "Importing"
        DONE = "done", "Imported"
        FAILED = "failed", "Nothing imported"

    kind = models.CharField(max_length=50)  # the key of a registered import kind
    file_name = models.CharField(max_length=200)
    token = models.CharField(max_length=40)  # where relmgmt.core.import_files keeps the file
    valid_only = models.BooleanField(default=False)
    expected_rows = models.PositiveIntegerField(null=True, blank=True)
    done_url = models.CharField(max_length=300)  # the list the imported records are on
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    imported = models.PositiveIntegerField(null=True, blank=True)
    message = models.TextField(blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta(OperationalTenantModel.Meta):
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"Import {self.pk} of {self.file_name} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
