"""Closing the loop on an unhappy answer: the contact made, the cause and the outcome are
recorded, a complaint may be raised from the answer (channel "survey"), the party's
follow-up is done, and the results count the loops closed, their time and causes."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from feedback.models import Complaint, SurveyResponse
from feedback.selectors import surveys as selectors
from feedback.services.surveys import follow_ups as follow_up_services
from feedback.services.surveys import responses as response_services
from relmgmt.core.scoping import org_scope
from tests.feedback.survey_helpers import answers_for, links_in_outbox, make_party, send_campaign

pytestmark = pytest.mark.django_db

CLOSING = {
    "contact_made": "Called the buyer on Monday.",
    "cause": "delivery",
    "outcome": "Late parts explained; new dates agreed.",
}


def unhappy_answer(org, manager, name="Acme", nps=2, csat=1):
    _, contact = make_party(org, name, owner=manager.user)
    campaign = send_campaign(org, manager.user, name=f"Survey of {name}")
    return response_services.response_submit(
        organization=org,
        value=links_in_outbox(org)[contact.email],
        answers=answers_for(campaign.template, nps=nps, csat=csat),
    )


def test_closing_the_loop_records_it_and_raises_a_complaint(org, manager):
    response = unhappy_answer(org, manager)
    with org_scope(org):
        assert selectors.results(organization=org).loop_closure_rate == 0.0
    closed = follow_up_services.loop_close(
        organization=org,
        actor=manager.user,
        response=response,
        data={**CLOSING, "raise_complaint": True, "severity": "high"},
    )
    with org_scope(org):
        closed = SurveyResponse.objects.select_related("follow_up", "complaint").get(pk=closed.pk)
        results = selectors.results(organization=org)
        complaint = Complaint.objects.get()
    assert closed.loop_closed_at is not None and closed.loop_closed_by == manager.user
    assert (closed.loop_cause, closed.loop_contact) == ("delivery", CLOSING["contact_made"])
    assert closed.follow_up.done_at is not None
    assert closed.complaint == complaint
    assert (complaint.channel, complaint.category, complaint.severity) == (
        "survey",
        "delivery",
        "high",
    )
    assert complaint.party_id == response.party_id and complaint.state == "received"
    assert (results.follow_ups, results.follow_ups_closed, results.loop_closure_rate) == (
        1,
        1,
        100.0,
    )
    assert results.mean_days_to_close is not None and results.causes == [("Delivery", 1)]
    with pytest.raises(ValidationError, match="closed already"):
        follow_up_services.loop_close(
            organization=org, actor=manager.user, response=response, data=CLOSING
        )


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({**CLOSING, "contact_made": "  "}, "contact_made"),
        ({**CLOSING, "outcome": "x" * 5001}, "outcome"),
        ({**CLOSING, "cause": "weather"}, "cause"),
        ({**CLOSING, "raise_complaint": True, "severity": "apocalyptic"}, "severity"),
    ],
)
def test_bad_closing_is_refused_and_nothing_is_saved(org, manager, data, field):
    response = unhappy_answer(org, manager)
    with pytest.raises(ValidationError) as error:
        follow_up_services.loop_close(
            organization=org, actor=manager.user, response=response, data=data
        )
    assert field in error.value.message_dict
    with org_scope(org):
        assert SurveyResponse.objects.get(pk=response.pk).loop_closed_at is None
        assert not Complaint.objects.exists()


def test_a_happy_answer_has_no_loop_to_close(org, manager):
    response = unhappy_answer(org, manager, nps=10, csat=5)
    with pytest.raises(ValidationError, match="no follow-up"):
        follow_up_services.loop_close(
            organization=org, actor=manager.user, response=response, data=CLOSING
        )


def test_a_manager_closes_the_loop_from_the_results_page(org, manager, auditor, client_for):
    response = unhappy_answer(org, manager)
    url = reverse("feedback:survey_loop_close", kwargs={"org_slug": org.slug, "pk": response.pk})
    results_url = reverse(
        "feedback:survey_campaign_results",
        kwargs={"org_slug": org.slug, "pk": response.campaign_id},
    )
    reader = client_for(auditor)
    assert url in reader.get(results_url).content.decode()
    assert "Close the loop" not in reader.get(url).content.decode()
    client = client_for(manager)
    refused = client.post(url, {**CLOSING, "cause": ""})
    assert refused.status_code == 400
    page = client.post(url, {**CLOSING, "raise_complaint": "on", "severity": "low"}, follow=True)
    text = page.content.decode()
    assert page.status_code == 200 and "The loop is closed." in text and "C-" in text
    assert "Closed" in client.get(results_url).content.decode()
