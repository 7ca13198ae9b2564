"""Celery entry points of surveys: a dispatcher (every few minutes) that fans out one task
per organisation with campaign emails due, and a daily one that sends the next run of
recurring campaigns."""

from celery import shared_task
from django.utils import timezone

from feedback.models import SurveyCampaign, SurveyEmail
from feedback.services.surveys import campaigns as campaign_services
from relmgmt.core.scoping import scopes_disabled
from relmgmt.core.tasks import tenant_task
from relmgmt.tenancy.models import Organization


@shared_task(name="feedback.tasks.surveys.dispatch_survey_emails")
def dispatch_survey_emails() -> int:
    with scopes_disabled():
        organization_ids = list(
            SurveyEmail.objects.filter(
                status__in=[SurveyEmail.Status.PENDING, SurveyEmail.Status.SENDING],
                send_at__lte=timezone.now(),
            )
            .values_list("organization_id", flat=True)
            .distinct()
        )
    for organization_id in organization_ids:
        send_survey_emails.delay(organization_id)
    return len(organization_ids)


@tenant_task(name="feedback.tasks.surveys.send_survey_emails")
def send_survey_emails(organization_id) -> int:
    organization = Organization.objects.get(pk=organization_id)
    return campaign_services.emails_send_due(organization=organization)


@shared_task(name="feedback.tasks.surveys.dispatch_recurring_campaigns")
def dispatch_recurring_campaigns() -> int:
    with scopes_disabled():
        organization_ids = list(
            SurveyCampaign.objects.exclude(recurrence="")
            .values_list("organization_id", flat=True)
            .distinct()
        )
    for organization_id in organization_ids:
        repeat_campaigns.delay(organization_id)
    return len(organization_ids)


@tenant_task(name="feedback.tasks.surveys.repeat_campaigns")
def repeat_campaigns(organization_id) -> int:
    organization = Organization.objects.get(pk=organization_id)
    return len(campaign_services.campaigns_repeat_due(organization=organization))
