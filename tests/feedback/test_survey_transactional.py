"""Transactional surveys: the template chosen for an event in the settings goes to the
contact concerned after it; a complaint closed sends the satisfaction-with-handling survey
to the complainant's contact, through the campaigns' links and outbox."""

import pytest
from django.core.exceptions import ValidationError

from feedback.models import SurveyCampaign, SurveyRecipient
from feedback.services import complaints as complaint_services
from feedback.services.surveys import campaigns as campaign_services
from feedback.services.surveys import responses as response_services
from relmgmt.core.scoping import org_scope
from relmgmt.tenancy import services as tenancy_services
from tests.feedback.survey_helpers import answers_for, links_in_outbox, make_party, make_template

pytestmark = pytest.mark.django_db

HANDLING = [{"text": "How satisfied are you with how we handled your complaint?", "kind": "csat"}]


def choose(org, admin, name):
    tenancy_services.organization_update(
        organization=org,
        actor=admin.user,
        name=org.name,
        timezone_name=org.timezone,
        require_mfa=False,
        transactional_surveys={"complaint_closed": name},
    )
    org.refresh_from_db()


def closed_complaint(org, manager, contact):
    complaint = complaint_services.complaint_create(
        organization=org,
        actor=manager.user,
        data={
            "contact": contact,
            "subject": "Late delivery",
            "description": "Two weeks late.",
            "severity": "low",
        },
    )
    for action, note in (("acknowledge", ""), ("resolve", "Sent by express."), ("close", "")):
        complaint = complaint_services.complaint_transition(
            organization=org, actor=manager.user, complaint=complaint, action=action, note=note
        )
    return complaint


def test_closing_a_complaint_sends_the_handling_survey_to_the_complainant(org, admin, manager):
    template = make_template(org, manager.user, questions=HANDLING, name="Complaint handling")
    choose(org, admin, "complaint handling")
    _, contact = make_party(org, "Acme", owner=manager.user)
    make_party(org, "Bystander")
    complaint = closed_complaint(org, manager, contact)
    with org_scope(org):
        campaign = SurveyCampaign.objects.get()
        recipients = list(SurveyRecipient.objects.filter(campaign=campaign))
    assert campaign.name == f"Handling of complaint {complaint.reference}"
    assert campaign.template_id == template.pk and campaign.status == "sent"
    assert [r.contact_id for r in recipients] == [contact.pk]
    campaign_services.emails_send_due(organization=org)
    link = links_in_outbox(org)[contact.email]
    response = response_services.response_submit(
        organization=org, value=link, answers=answers_for(template, csat=5)
    )
    assert response is not None and response.campaign_id == campaign.pk


def test_nothing_is_sent_without_a_chosen_template_or_a_consenting_contact(org, admin, manager):
    _, contact = make_party(org, "Acme")
    closed_complaint(org, manager, contact)
    make_template(org, manager.user, questions=HANDLING, name="Complaint handling")
    choose(org, admin, "Complaint handling")
    _, silent = make_party(org, "Quiet", consent=False)
    closed_complaint(org, manager, silent)
    with org_scope(org):
        assert not SurveyCampaign.objects.exists()


def test_an_unknown_template_name_is_refused_in_the_settings(org, admin):
    with pytest.raises(ValidationError) as error:
        choose(org, admin, "No such survey")
    assert "survey_complaint_closed" in error.value.message_dict
