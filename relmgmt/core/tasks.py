import functools
import logging

from celery import shared_task
from django.apps import apps
from django.contrib.sessions.models import Session
from django.utils import timezone

from relmgmt.audit.context import acting_as
from relmgmt.core import import_jobs
from relmgmt.core.logging import logging_organization
from relmgmt.core.scoping import org_scope

logger = logging.getLogger(__name__)


@shared_task
def clear_expired_sessions() -> int:
    """Delete expired sign-in sessions (what ``manage.py clearsessions`` does), daily."""
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted


def _suspended(organization_id) -> bool:
    # Looked up by name: the platform's core stands below tenancy.
    organizations = apps.get_model("tenancy", "Organization").objects
    return organizations.filter(pk=organization_id, suspended_at__isnull=False).exists()


def tenant_task(*task_args, **task_options):
    """A Celery task that runs inside one organisation (tenancy rule 6).

    Its first argument is the organisation's id; the body runs in that organisation's scope
    and its writes are attributed to the scheduled work. For a suspended organisation it
    does nothing: no email goes out, no record changes, until the operator resumes it.
    Use as ``@tenant_task()``. Its name is ``<module>.<function>`` unless ``name=`` gives
    another (a task whose module moved keeps the name queued messages and the beat schedule
    know it by).
    """

    def decorator(func):
        options = dict(task_options)
        name = options.pop("name", None) or f"{func.__module__}.{func.__name__}"

        @shared_task(*task_args, name=name, **options)
        @functools.wraps(func)
        def run(organization_id, *args, **kwargs):
            if _suspended(organization_id):
                logger.info("Task %s skipped: organisation %s is suspended", name, organization_id)
                return None
            with (
                org_scope(organization_id),
                acting_as(None, label="scheduled task", source="task"),
                logging_organization(f"#{organization_id}"),
            ):
                return func(organization_id, *args, **kwargs)

        return run

    return decorator


@tenant_task(name=import_jobs.RUN_IMPORT_JOB)
def run_import_job(organization_id, job_id) -> str:
    """Write a confirmed import (see ``relmgmt.core.import_jobs``)."""
    organization = apps.get_model("tenancy", "Organization").objects.get(pk=organization_id)
    return import_jobs.import_job_run(organization=organization, job_id=job_id).status
