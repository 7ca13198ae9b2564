"""Celery entry points of the audit trail: the nightly check of every organisation's hash
chain (a dispatcher that fans out one task per organisation) and checks asked for on the
audit log page."""

from celery import shared_task

from relmgmt.audit import security, services
from relmgmt.audit.verification import organizations_with_a_trail
from relmgmt.core.tasks import tenant_task


@shared_task
def dispatch_chain_verification() -> int:
    organization_ids = organizations_with_a_trail()
    for organization_id in organization_ids:
        verify_organization_chain.delay(organization_id)
    return len(organization_ids)


@shared_task
def purge_security_log() -> int:
    return security.purge_expired()


@tenant_task()
def verify_organization_chain(organization_id) -> str:
    return services.verification_nightly(organization_id=organization_id).status


@tenant_task(name=services.RUN_VERIFICATION)
def run_chain_verification(organization_id, verification_id) -> str:
    return services.verification_run(
        organization_id=organization_id, verification_id=verification_id
    ).status
