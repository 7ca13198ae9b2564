"""Transactional surveys: after an event (a complaint closed), the survey template the
organisation chose for that event goes to the one contact concerned, through the same
campaign, recipient, personal link and outbox as every campaign (one email, no reminder).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from feedback.models import SurveyCampaign, SurveyTemplate
from feedback.organization_settings import transactional_templates
from feedback.services.surveys import campaigns as campaign_services
from relmgmt.core.scoping import org_scope

if TYPE_CHECKING:
    from feedback.models import Complaint
    from parties.models import Contact
    from relmgmt.accounts.models import User
    from relmgmt.tenancy.models import Organization


def template_for(organization: Organization, event: str) -> SurveyTemplate | None:
    """The latest version of the template chosen for ``event``; None when none is."""
    name = transactional_templates(organization).get(event) or ""
    if not name:
        return None
    with org_scope(organization):
        return (
            SurveyTemplate.objects.filter(organization=organization, name__iexact=name)
            .order_by("-version")
            .first()
        )


def transactional_send(
    *,
    organization: Organization,
    actor: User | None,
    event: str,
    contact: Contact | None,
    name: str,
) -> SurveyCampaign | None:
    """Send the event's survey to ``contact``: None (nothing sent) when the organisation
    chose no template for the event, or the contact has no email or no consent."""
    template = template_for(organization, event)
    if template is None or contact is None:
        return None
    if not contact.has_consent or contact.erased_at or not contact.email:
        return None
    campaign = campaign_services.campaign_create(
        organization=organization,
        actor=actor,
        data={
            "name": name[:200],
            "template": template,
            "audience": {"contacts": [contact.pk]},
            "max_reminders": 0,
        },
    )
    campaign_services.campaign_send(organization=organization, actor=actor, campaign=campaign)
    return campaign


def survey_the_handling(
    *, organization: Organization, actor: User | None, complaint: Complaint
) -> None:
    """The satisfaction-with-handling survey, if the organisation chose one, to a closed
    complaint's contact (called in the closing transaction)."""
    transactional_send(
        organization=organization,
        actor=actor,
        event="complaint_closed",
        contact=complaint.contact if complaint.contact_id else None,
        name=f"Handling of complaint {complaint.reference}",
    )
