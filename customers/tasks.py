"""Celery entry points of the customers app: the daily look for customers lost by the
revenue gap, one task per organisation with revenue."""

from celery import shared_task

from customers.models import Revenue
from customers.services import lapses
from relmgmt.core.scoping import scopes_disabled
from relmgmt.core.tasks import tenant_task
from relmgmt.tenancy.models import Organization


@shared_task(name="customers.tasks.dispatch_lapsed_customers")
def dispatch_lapsed_customers() -> int:
    with scopes_disabled():
        organization_ids = list(
            Revenue.objects.order_by().values_list("organization_id", flat=True).distinct()
        )
    for organization_id in organization_ids:
        follow_up_lapsed_customers.delay(organization_id)
    return len(organization_ids)


@tenant_task(name="customers.tasks.follow_up_lapsed_customers")
def follow_up_lapsed_customers(organization_id) -> int:
    organization = Organization.objects.get(pk=organization_id)
    return len(lapses.lapses_follow_up(organization=organization))
