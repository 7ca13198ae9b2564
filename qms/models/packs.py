"""Packs built by the worker while the person watches their page: the evidence pack for a
period (one ZIP, the index PDF and each clause's files) and a management review's pack (its
PDF), for an organisation too large to build them while a proxy waits.

``PackJob`` is machinery (its progress changes every few seconds), so it is not audited;
who asked for a pack and who downloaded it is evidence, so each is a ``PackAccess``, an
audited record."""

from datetime import timedelta

from django.conf import settings
from django.db import models

from relmgmt.core.models import OperationalTenantModel, TenantModel


class PackJob(OperationalTenantModel):
    class Kind(models.TextChoices):
        EVIDENCE = "evidence", "Evidence pack"
        REVIEW = "review", "Management review pack"

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting for the worker"
        RUNNING = "running", "Building"
        DONE = "done", "Ready"
        FAILED = "failed", "Could not be built"
        EXPIRED = "expired", "Removed after its retention"

    FINISHED = (Status.DONE, Status.FAILED, Status.EXPIRED)
    # A pack is kept this long after it was built, then its file is removed.
    RETENTION = timedelta(days=7)

    kind = models.CharField(max_length=10, choices=Kind.choices)
    period_start = models.DateField()
    period_end = models.DateField()
    review = models.ForeignKey(
        "qms.ManagementReview", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    step = models.CharField(max_length=200, blank=True)  # what the worker is doing now
    steps_done = models.PositiveIntegerField(default=0)
    steps_total = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    # Where the file is, relative to MEDIA_ROOT, once built.
    path = models.CharField(max_length=300, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta(OperationalTenantModel.Meta):
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.period_start} to {self.period_end}"

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED

    @property
    def percent(self) -> int:
        if not self.steps_total:
            return 0
        return min(100, round(100 * self.steps_done / self.steps_total))

    @property
    def file_name(self) -> str:
        if self.kind == self.Kind.REVIEW:
            return f"management-review-{self.review_id}.pdf"
        return f"evidence-{self.period_start:%Y%m%d}-{self.period_end:%Y%m%d}.zip"


class PackAccess(TenantModel):
    """A pack asked for or downloaded, by whom (the audit trail holds the event)."""

    class Action(models.TextChoices):
        BUILD = "build", "Asked to build"
        DOWNLOAD = "download", "Downloaded"

    job = models.ForeignKey(PackJob, on_delete=models.PROTECT, related_name="accesses")
    action = models.CharField(max_length=10, choices=Action.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta(TenantModel.Meta):
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.get_action_display()}: {self.job}"
