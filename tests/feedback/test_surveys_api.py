"""Surveys through the API: a template made in one call, a campaign made and sent, its
counts and results; bad input gets the error shape, never a 500."""

import pytest

from feedback.models import SurveyTemplate
from feedback.services.surveys import campaigns as campaign_services
from feedback.services.surveys import responses as response_services
from relmgmt.core.scoping import org_scope
from tests.feedback.survey_helpers import QUESTIONS, answers_for, links_in_outbox, make_party

pytestmark = pytest.mark.django_db
BASE = "/api/v1/o/acme/"


def test_a_template_and_a_campaign_through_the_api(org, manager, auditor, api_client_for):
    _, contact = make_party(org, "Zenith", owner=manager.user)
    api = api_client_for(manager)
    response = api.post(
        f"{BASE}survey-templates/",
        {"name": "Pulse", "sections": [{"title": "All", "questions": QUESTIONS}]},
        format="json",
    )
    assert response.status_code == 201, response.json()
    template = response.json()
    assert [q["kind"] for q in template["sections"][0]["questions"]] == [
        q["kind"] for q in QUESTIONS
    ]
    bad = api.post(
        f"{BASE}survey-campaigns/",
        {"name": "Q1", "template": template["id"], "audience": {"types": ["alien"]}},
        format="json",
    )
    assert bad.status_code == 400 and "types" in bad.json()["error"]["fields"]
    response = api.post(
        f"{BASE}survey-campaigns/",
        {
            "name": "Q1",
            "template": template["id"],
            "audience": {"types": ["customer"]},
            "max_reminders": 1,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    campaign = response.json()
    assert campaign["status"] == "draft"
    sent = api.post(f"{BASE}survey-campaigns/{campaign['id']}/send/")
    assert sent.status_code == 200 and sent.json()["recipient_count"] == 1
    again = api.post(f"{BASE}survey-campaigns/{campaign['id']}/send/")
    assert again.status_code == 400
    frozen = api.patch(
        f"{BASE}survey-templates/{template['id']}/", {"name": "Other"}, format="json"
    )
    assert frozen.status_code == 400 and "frozen" in frozen.content.decode()
    campaign_services.emails_send_due(organization=org)
    link = links_in_outbox(org)[contact.email]
    with org_scope(org):
        template_record = SurveyTemplate.objects.get(pk=template["id"])
    response_services.response_submit(
        organization=org, value=link, answers=answers_for(template_record, nps=10, csat=4)
    )
    results = (
        api_client_for(auditor).get(f"{BASE}survey-campaigns/{campaign['id']}/results/").json()
    )
    assert results["nps"]["score"] == 100.0 and results["csat"]["percent"] == 100.0
    listed = api_client_for(auditor).get(f"{BASE}survey-campaigns/").json()
    assert (
        listed["results"][0]["answered_count"] == 1
        and listed["results"][0]["response_rate"] == 100.0
    )
    assert (
        api_client_for(auditor).post(f"{BASE}survey-campaigns/{campaign['id']}/close/").status_code
        == 403
    )
