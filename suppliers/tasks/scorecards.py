"""Celery entry points of the scorecards: a nightly dispatcher that fans out one task per
organisation with a scorecard definition, and the page's recalculation jobs.

The tasks keep the names they were registered under when this module was
``suppliers.tasks_scorecards``: queued messages and the beat schedule name them."""

from celery import shared_task

from relmgmt.core.scoping import scopes_disabled
from relmgmt.core.tasks import tenant_task
from relmgmt.tenancy.models import Organization
from suppliers.models import ScorecardDefinition
from suppliers.services.scorecards import jobs as scorecard_jobs
from suppliers.services.scorecards import recompute as scorecard_recompute


@shared_task(name="suppliers.tasks_scorecards.dispatch_scorecard_recalculation")
def dispatch_scorecard_recalculation() -> int:
    with scopes_disabled():
        organization_ids = list(
            ScorecardDefinition.objects.values_list("organization_id", flat=True).distinct()
        )
    for organization_id in organization_ids:
        recompute_organization_scorecards.delay(organization_id)
    return len(organization_ids)


@tenant_task(name="suppliers.tasks_scorecards.recompute_organization_scorecards")
def recompute_organization_scorecards(organization_id) -> int:
    organization = Organization.objects.get(pk=organization_id)
    return scorecard_recompute.scorecards_recompute(
        organization=organization, note="nightly"
    ).changes


@tenant_task(name=scorecard_jobs.RUN_RECOMPUTE_JOB)
def run_recompute_job(organization_id, job_id) -> str:
    organization = Organization.objects.get(pk=organization_id)
    return scorecard_jobs.recompute_job_run(organization=organization, job_id=job_id).status
