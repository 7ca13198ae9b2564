"""Recalculations asked for from the page: a job row the worker runs and the page polls.

The job is queued by the name of its task (``RUN_RECOMPUTE_JOB``): tasks call services,
so services never import the tasks module. The suppliers app imports its tasks when it
is ready, so the name resolves to the registered task wherever the app runs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from celery import signature
from django.db import transaction
from django.utils import timezone

from relmgmt.core.scoping import org_scope
from suppliers.models import RecomputeJob
from suppliers.models.scorecards import JobStatus
from suppliers.services.scorecards import recompute as scorecard_recompute

# The task (suppliers.tasks.scorecards.run_recompute_job) that runs a job.
RUN_RECOMPUTE_JOB = "suppliers.tasks_scorecards.run_recompute_job"

if TYPE_CHECKING:
    from relmgmt.accounts.models import User
    from relmgmt.tenancy.models import Organization


def recompute_job_request(*, organization: Organization, actor: User | None) -> RecomputeJob:
    """Queue a recalculation of every scorecard (or return the one already waiting)."""
    with org_scope(organization), transaction.atomic():
        waiting = RecomputeJob.objects.filter(
            status__in=[JobStatus.QUEUED, JobStatus.RUNNING]
        ).first()
        if waiting is not None:
            return waiting
        job = RecomputeJob.objects.create(organization=organization, requested_by=actor)
        run = signature(RUN_RECOMPUTE_JOB, args=(organization.pk, job.pk))
        transaction.on_commit(run.delay)
    return job


def recompute_job_run(*, organization: Organization, job_id: int) -> RecomputeJob:
    with org_scope(organization):
        job = RecomputeJob.objects.get(pk=job_id)
        if job.is_finished:
            return job
        RecomputeJob.objects.filter(pk=job.pk).update(
            status=JobStatus.RUNNING, started_at=timezone.now(), progress=5
        )
        try:
            summary = scorecard_recompute.scorecards_recompute(
                organization=organization, actor=job.requested_by, note="asked for on the page"
            )
        except Exception as error:
            RecomputeJob.objects.filter(pk=job.pk).update(
                status=JobStatus.FAILED,
                finished_at=timezone.now(),
                message=f"The recalculation failed: {type(error).__name__}",
            )
            raise
        message = (
            f"All scorecards recalculated: {summary.written} had new figures, "
            f"{summary.changes} a new score or standing."
            if summary.definition
            else "No scorecard definition yet: nothing to recalculate."
        )
        RecomputeJob.objects.filter(pk=job.pk).update(
            status=JobStatus.DONE, progress=100, finished_at=timezone.now(), message=message
        )
        job.refresh_from_db()
    return job
