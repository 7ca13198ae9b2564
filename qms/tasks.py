"""Celery entry points of the quality management system: building a pack someone asked for,
and a daily dispatcher that removes the packs past their retention."""

from celery import shared_task
from django.utils import timezone

from qms.models import PackJob
from qms.services import packs
from relmgmt.core.scoping import scopes_disabled
from relmgmt.core.tasks import tenant_task
from relmgmt.tenancy.models import Organization


@tenant_task(name=packs.RUN_PACK_JOB)
def run_pack_job(organization_id, job_id) -> str:
    organization = Organization.objects.get(pk=organization_id)
    return packs.pack_run(organization=organization, job_id=job_id).status


@shared_task(name="qms.tasks.dispatch_pack_expiry")
def dispatch_pack_expiry() -> int:
    with scopes_disabled():
        organization_ids = list(
            PackJob.objects.filter(
                status=PackJob.Status.DONE,
                finished_at__lt=timezone.now() - PackJob.RETENTION,
            )
            .values_list("organization_id", flat=True)
            .distinct()
        )
    for organization_id in organization_ids:
        expire_packs.delay(organization_id)
    return len(organization_ids)


@tenant_task(name="qms.tasks.expire_packs")
def expire_packs(organization_id) -> int:
    organization = Organization.objects.get(pk=organization_id)
    return packs.packs_expire(organization=organization)
