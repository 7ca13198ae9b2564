"""Confirmed imports, written by the worker while the person watches the job's page.

The preview is checked in the request (``relmgmt.core.import_views``); the writing, which
for tens of thousands of rows takes longer than a proxy waits, is a job: a row the worker
runs through ``relmgmt.core.imports.import_file`` (all or nothing, in one transaction) in
the name of the person who confirmed it, and the page polls. The uploaded file stays where
the preview kept it until the job has finished with it.

The job is queued by the name of its task (``RUN_IMPORT_JOB``), so this module never
imports the tasks module.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from celery import signature
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from relmgmt.audit.context import acting_as
from relmgmt.core import extensions, import_files
from relmgmt.core import imports as services
from relmgmt.core.models import ImportJob
from relmgmt.core.scoping import org_scope

if TYPE_CHECKING:
    from relmgmt.accounts.models import User
    from relmgmt.tenancy.models import Organization

# The task (relmgmt.core.tasks.run_import_job) that runs a job.
RUN_IMPORT_JOB = "relmgmt.core.tasks.run_import_job"


def import_kind(key: str) -> services.ImportKind:
    """The registered import kind of ``key`` (LookupError when no app registered it)."""
    entry = extensions.import_kinds.get(key)
    if entry is None:
        raise LookupError(f"No import kind is registered as {key!r}.")
    return import_string(entry.path)


def import_job_request(
    *,
    organization: Organization,
    actor: User,
    kind: services.ImportKind,
    token: str,
    file_name: str,
    valid_only: bool,
    expected_rows: int | None,
    done_url: str,
) -> ImportJob:
    """Queue the writing of a previewed file; the worker starts once this commits."""
    import_kind(kind.key)  # refuses a kind the worker could not find
    with org_scope(organization), transaction.atomic():
        job = ImportJob.objects.create(
            organization=organization,
            kind=kind.key,
            file_name=file_name[:200],
            token=token,
            valid_only=valid_only,
            expected_rows=expected_rows,
            done_url=done_url,
            requested_by=actor,
        )
        run = signature(RUN_IMPORT_JOB, args=(organization.pk, job.pk))
        transaction.on_commit(run.delay)
    return job


def import_job_run(*, organization: Organization, job_id: int) -> ImportJob:
    """Write the job's file (all or nothing); a refusal is the job's message, not an error."""
    with org_scope(organization):
        job = ImportJob.objects.select_related("requested_by").get(pk=job_id)
        if job.status != ImportJob.Status.QUEUED:
            return job  # already run (a message delivered twice)
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportJob.Status.RUNNING, started_at=timezone.now()
        )
        content = import_files.read(organization, job.token)
        try:
            if content is None:
                raise ValidationError(
                    "The uploaded file is no longer kept (uploads are kept for an hour); "
                    "upload it again."
                )
            with acting_as(job.requested_by, source="web"):
                count = services.import_file(
                    organization=organization,
                    actor=job.requested_by,
                    kind=import_kind(job.kind),
                    content=content,
                    valid_only=job.valid_only,
                    expected_rows=job.expected_rows,
                )
        except (ValidationError, services.ImportFileError) as refusal:
            messages = refusal.messages if isinstance(refusal, ValidationError) else [refusal]
            _finish(job, ImportJob.Status.FAILED, message=" ".join(map(str, messages)))
        except Exception as error:
            _finish(
                job,
                ImportJob.Status.FAILED,
                message=f"The import failed ({type(error).__name__}); nothing was imported.",
            )
            raise
        else:
            _finish(job, ImportJob.Status.DONE, imported=count)
        import_files.remove(organization, job.token)
        job.refresh_from_db()
    return job


def _finish(job: ImportJob, status: str, *, message: str = "", imported: int | None = None) -> None:
    ImportJob.objects.filter(pk=job.pk).update(
        status=status, message=message, imported=imported, finished_at=timezone.now()
    )
