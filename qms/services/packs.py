"""The packs built in the background (``qms.models.PackJob``): asked for (logged), built by
the worker while the person watches the page, downloaded (logged), and removed after their
retention.

The job is queued by its task's name (``RUN_PACK_JOB``), so this module never imports the
tasks module."""

from __future__ import annotations

import secrets
import tempfile
from datetime import date, datetime
from typing import IO, TYPE_CHECKING, Any

from celery import signature
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from qms import evidence_pack
from qms.models import ManagementReview, PackAccess, PackJob
from relmgmt.core.scoping import org_scope

if TYPE_CHECKING:
    from relmgmt.accounts.models import User
    from relmgmt.tenancy.models import Organization

RUN_PACK_JOB = "qms.tasks.run_pack_job"
# The longest period an evidence pack covers.
MAX_DAYS = 3 * 366


def _queue(job: PackJob, actor: User) -> PackJob:
    PackAccess.objects.create(
        organization=job.organization, job=job, action=PackAccess.Action.BUILD, user=actor
    )
    run = signature(RUN_PACK_JOB, args=(job.organization_id, job.pk))
    transaction.on_commit(run.delay)
    return job


def evidence_pack_request(
    *, organization: Organization, actor: User, start: date, end: date
) -> PackJob:
    """Queue the evidence pack of a period; the worker starts once this commits."""
    if end < start:
        raise ValidationError({"end": "The period ends before it starts."})
    if (end - start).days > MAX_DAYS:
        raise ValidationError({"end": "A pack covers at most three years."})
    with org_scope(organization), transaction.atomic():
        job = PackJob.objects.create(
            organization=organization,
            kind=PackJob.Kind.EVIDENCE,
            period_start=start,
            period_end=end,
            requested_by=actor,
            steps_total=evidence_pack.steps(),
        )
        return _queue(job, actor)


def review_pack_request(
    *, organization: Organization, actor: User, review: ManagementReview
) -> PackJob:
    """Queue the PDF of a management review's pack (its frozen inputs once held)."""
    with org_scope(organization), transaction.atomic():
        job = PackJob.objects.create(
            organization=organization,
            kind=PackJob.Kind.REVIEW,
            review=review,
            period_start=review.period_start,
            period_end=review.period_end,
            requested_by=actor,
            steps_total=2,
        )
        return _queue(job, actor)


def _progress(job: PackJob, done: int, step: str) -> None:
    PackJob.objects.filter(pk=job.pk).update(steps_done=done, step=step[:200])


def _build(job: PackJob, handle: Any) -> None:
    organization = job.organization
    if job.kind == PackJob.Kind.EVIDENCE:
        evidence_pack.build(
            organization=organization,
            start=job.period_start,
            end=job.period_end,
            target=handle,
            progress=lambda done, step: _progress(job, done, step),
            generated_at=timezone.now(),
        )
        return
    from qms.review_pdf import render_review_pdf
    from qms.selectors import reviews as selectors

    review = job.review
    assert review is not None
    _progress(job, 0, "Inputs of the period")
    sections = selectors.inputs_of(review)
    _progress(job, 1, "PDF")
    handle.write(
        render_review_pdf(
            review=review,
            sections=sections,
            actions=list(selectors.actions_of(review)),
            generated_at=timezone.now(),
        )
    )


def pack_run(*, organization: Organization, job_id: int) -> PackJob:
    """Build the job's file and keep it under the media folder; a failure is the job's
    message."""
    with org_scope(organization):
        job = PackJob.objects.select_related("organization", "review").get(pk=job_id)
        if job.status != PackJob.Status.QUEUED:
            return job  # already run (a message delivered twice)
        PackJob.objects.filter(pk=job.pk).update(
            status=PackJob.Status.RUNNING, started_at=timezone.now()
        )
        extension = "pdf" if job.kind == PackJob.Kind.REVIEW else "zip"
        path = f"{int(organization.pk)}/packs/{job.pk}-{secrets.token_urlsafe(16)}.{extension}"
        try:
            with tempfile.TemporaryFile() as handle:
                _build(job, handle)
                size = handle.tell()
                handle.seek(0)
                path = default_storage.save(path, File(handle))
        except Exception as error:
            PackJob.objects.filter(pk=job.pk).update(
                status=PackJob.Status.FAILED,
                message=f"The pack could not be built ({type(error).__name__}).",
                finished_at=timezone.now(),
            )
            raise
        PackJob.objects.filter(pk=job.pk).update(
            status=PackJob.Status.DONE,
            path=path,
            size=size,
            steps_done=job.steps_total,
            step="",
            finished_at=timezone.now(),
        )
        job.refresh_from_db()
    return job


def pack_download(*, organization: Organization, actor: User, job: PackJob) -> IO[bytes] | None:
    """The built file, open for reading (None when it is not there); logs the download."""
    if job.status != PackJob.Status.DONE or not job.path:
        return None
    if not default_storage.exists(job.path):
        return None
    with org_scope(organization):
        PackAccess.objects.create(
            organization=organization, job=job, action=PackAccess.Action.DOWNLOAD, user=actor
        )
    return default_storage.open(job.path, "rb")


def packs_expire(*, organization: Organization, now: datetime | None = None) -> int:
    """Remove the files of the organisation's packs older than their retention; the jobs
    stay (their accesses are evidence), marked expired. Returns how many were removed."""
    now = now or timezone.now()
    removed = 0
    with org_scope(organization):
        old = PackJob.objects.filter(
            organization=organization,
            status=PackJob.Status.DONE,
            finished_at__lt=now - PackJob.RETENTION,
        )
        for job in old:
            if job.path and default_storage.exists(job.path):
                default_storage.delete(job.path)
            PackJob.objects.filter(pk=job.pk).update(status=PackJob.Status.EXPIRED, path="")
            removed += 1
    return removed
