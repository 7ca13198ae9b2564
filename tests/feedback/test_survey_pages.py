"""The survey pages: the builder, a campaign sent from its page, the respondent's page
(without JavaScript, bad input, twice, altered links, the rate limit), and the results."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from feedback.models import (
    SurveyCampaign,
    SurveyQuestion,
    SurveyRecipient,
    SurveyResponse,
    SurveyTemplate,
)
from relmgmt.audit.models import AuditEvent
from relmgmt.audit.verification import verify_chain
from relmgmt.core.scoping import org_scope
from tests.feedback.survey_helpers import (
    links_in_outbox,
    make_party,
    make_template,
    send_campaign,
)

pytestmark = pytest.mark.django_db


def url(org, name, **kwargs):
    return reverse(f"feedback:{name}", kwargs={"org_slug": org.slug, **kwargs})


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()


def test_a_manager_builds_a_template_and_sends_a_campaign(org, manager, client_for):
    client = client_for(manager)
    make_party(org, "Acme", owner=manager.user)
    response = client.post(
        url(org, "survey_template_create"), {"name": "After-sales", "description": ""}
    )
    assert response.status_code == 302
    with org_scope(org):
        template = SurveyTemplate.objects.get()
    client.post(
        url(org, "survey_section_create", pk=template.pk),
        {"title": "Overall"},
        HTTP_HX_REQUEST="true",
    )
    with org_scope(org):
        section = template.sections.get()
    page = client.post(
        url(org, "survey_question_create", pk=section.pk),
        {"text": "How likely are you to recommend us?", "kind": "nps", "required": "on"},
        HTTP_HX_REQUEST="true",
    )
    assert page.status_code == 200 and b"How likely are you to recommend us?" in page.content
    assert b"<html" not in page.content  # htmx gets the builder only
    refused = client.post(
        url(org, "survey_question_create", pk=section.pk),
        {"text": "Pick", "kind": "single", "options": "One"},
    )
    assert refused.status_code == 400 and b"at least two options" in refused.content
    response = client.post(
        url(org, "survey_campaign_create"),
        {
            "name": "Q1 survey",
            "template": template.pk,
            "types": ["customer"],
            "days_open": 30,
            "remind_after_days": 7,
            "max_reminders": 2,
            "recurrence": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    with org_scope(org):
        campaign = SurveyCampaign.objects.get()
    detail = client.get(url(org, "survey_campaign_detail", pk=campaign.pk))
    assert b"1 contact matches" in detail.content
    client.post(url(org, "survey_campaign_send", pk=campaign.pk))
    detail = client.get(url(org, "survey_campaign_detail", pk=campaign.pk))
    assert b"Response rate" in detail.content and b"Contact of Acme" in detail.content
    assert (
        client.get(url(org, "survey_template_detail", pk=template.pk)).content.count(b"frozen") >= 1
    )


def test_the_respondent_answers_without_javascript_once(org, manager, client):
    _, contact = make_party(org, "Acme", owner=manager.user)
    campaign = send_campaign(org, manager.user)
    token = links_in_outbox(org)[contact.email]
    page = client.get(url(org, "survey_respond", token=token))
    assert page.status_code == 200
    html = page.content.decode()
    assert org.name in html and "Spring survey" in html
    assert "<legend>How likely are you to recommend us?" in html
    assert "site-menu" not in html and "<script" not in html
    with org_scope(org):
        questions = {
            q.kind: q.pk for q in SurveyQuestion.objects.filter(template=campaign.template)
        }
    bad = client.post(
        url(org, "survey_respond", token=token), {f"question_{questions['nps']}": "11"}
    )
    assert bad.status_code == 400
    assert "Choose a number from 0 to 10." in bad.content.decode()
    assert "Please answer this question." in bad.content.decode()
    data = {
        f"question_{questions['nps']}": "3",
        f"question_{questions['csat']}": "2",
        f"question_{questions['multiple']}": ["Parts", "Repairs"],
        f"question_{questions['text']}": "<script>alert('x')</script>",
    }
    done = client.post(url(org, "survey_respond", token=token), data, follow=True)
    assert b"Thank you" in done.content
    again = client.post(url(org, "survey_respond", token=token), data, follow=True)
    assert b"Thank you" in again.content
    with org_scope(org):
        assert SurveyResponse.objects.count() == 1
    results = client.get("/")  # anonymous: nothing else opens
    assert results.status_code in (200, 302)


def test_an_answer_reads_its_questions_once_and_locks_the_audit_chain_once(org, manager, client):
    party, contact = make_party(org, "Acme", owner=manager.user)
    campaign = send_campaign(org, manager.user)
    token = links_in_outbox(org)[contact.email]
    with org_scope(org):
        questions = {
            q.kind: q.pk for q in SurveyQuestion.objects.filter(template=campaign.template)
        }
        last_seq = AuditEvent.objects.order_by("-seq").values_list("seq", flat=True).first()
    data = {f"question_{questions['nps']}": "3", f"question_{questions['csat']}": "2"}
    with CaptureQueriesContext(connection) as queries:
        done = client.post(url(org, "survey_respond", token=token), data)
    assert done.status_code == 302
    selects = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT")]
    assert sum('FROM "feedback_surveyquestion"' in sql for sql in selects) == 1
    assert sum('FROM "audit_auditchain"' in sql for sql in selects) == 1
    # The same events as one write at a time: in order, each with its own actor.
    with org_scope(org):
        events = list(
            AuditEvent.objects.filter(seq__gt=last_seq)
            .order_by("seq")
            .values_list("model_label", "action", "actor_label")
        )
    respondent = "survey respondent"
    # The interaction and its follow-up come first: the response is written once, naming
    # them (no update of it after).
    assert events == [
        ("parties.interaction", "create", "system"),
        ("parties.interactioncontact", "create", "system"),
        ("parties.followup", "create", "system"),
        ("feedback.surveyresponse", "create", respondent),
        ("feedback.surveyanswer", "create", respondent),
        ("feedback.surveyanswer", "create", respondent),
        ("feedback.surveyrecipient", "update", respondent),
    ]
    assert verify_chain(org.pk) is None


def test_the_blank_questions_of_a_sent_template_are_rendered_once(
    org, manager, client, django_assert_max_num_queries
):
    _, first = make_party(org, "Acme", owner=manager.user)
    _, second = make_party(org, "Bolt", owner=manager.user)
    send_campaign(org, manager.user)
    links = links_in_outbox(org)
    page = client.get(url(org, "survey_respond", token=links[first.email]))
    assert "<legend>How likely are you to recommend us?" in page.content.decode()
    with django_assert_max_num_queries(3) as queries:
        other = client.get(url(org, "survey_respond", token=links[second.email]))
    assert "feedback_surveyquestion" not in " ".join(q["sql"] for q in queries.captured_queries)
    # The same questions, each respondent with their own form to post.
    assert other.status_code == 200
    assert other.content.decode().count("<legend>") == page.content.decode().count("<legend>")


def test_a_respondent_signed_in_to_another_organisation_opens_their_link(
    org, manager, outsider, client_for
):
    _, contact = make_party(org, "Acme", owner=manager.user)
    send_campaign(org, manager.user)
    token = links_in_outbox(org)[contact.email]
    client = client_for(outsider)  # a member of another organisation only
    page = client.get(url(org, "survey_respond", token=token))
    assert page.status_code == 200 and org.name in page.content.decode()
    assert "site-menu" not in page.content.decode()
    # The rest of the organisation's area stays closed to them.
    assert client.get(f"/o/{org.slug}/surveys/").status_code == 404


def test_the_results_pages_show_scores_escaped_comments_and_the_trend(
    org, manager, client_for, client
):
    _, contact = make_party(org, "Acme", owner=manager.user)
    campaign = send_campaign(org, manager.user)
    token = links_in_outbox(org)[contact.email]
    with org_scope(org):
        questions = {
            q.kind: q.pk for q in SurveyQuestion.objects.filter(template=campaign.template)
        }
    client.post(
        url(org, "survey_respond", token=token),
        {
            f"question_{questions['nps']}": "9",
            f"question_{questions['csat']}": "5",
            f"question_{questions['text']}": "<script>alert('x')</script>",
        },
    )
    staff = client_for(manager)
    page = staff.get(url(org, "survey_campaign_results", pk=campaign.pk)).content.decode()
    assert "+100" in page and "&lt;script&gt;" in page and "<script>alert" not in page
    overview = staff.get(url(org, "survey_results")).content.decode()
    assert (
        "<svg" in overview and "NPS and CSAT per quarter" in overview and "style=" not in overview
    )


@pytest.mark.parametrize("change", ["altered", "unknown", "foreign"])
def test_bad_links_get_one_page_that_reveals_nothing(org, other_org, manager, client, change):
    _, contact = make_party(org, "Zenith")
    send_campaign(org, manager.user)
    token = links_in_outbox(org)[contact.email]
    target = org
    if change == "altered":
        token = token[:-1] + ("A" if token[-1] != "A" else "B")
    elif change == "unknown":
        token = "x" * 40
    else:
        target = other_org
    page = client.get(url(target, "survey_respond", token=token))
    assert page.status_code == 404
    html = page.content.decode()
    assert (
        "This link does not work" in html and "Spring survey" not in html and "Zenith" not in html
    )


def test_a_post_to_a_link_that_cannot_be_used_gets_its_page_and_saves_nothing(org, manager, client):
    _, first = make_party(org, "Acme")
    _, second = make_party(org, "Bolt")
    campaign = send_campaign(org, manager.user)
    links = links_in_outbox(org)
    with org_scope(org):
        data = {
            f"question_{q.pk}": "9"
            for q in SurveyQuestion.objects.filter(template=campaign.template)
        }
    altered = links[first.email][:-1] + ("A" if links[first.email][-1] != "A" else "B")
    page = client.post(url(org, "survey_respond", token=altered), data)
    assert page.status_code == 404 and "This link does not work" in page.content.decode()
    assert "Spring survey" not in page.content.decode()
    client.post(url(org, "survey_unsubscribe", token=links[first.email]))
    page = client.post(url(org, "survey_respond", token=links[first.email]), data)
    assert page.status_code == 410 and "no longer works" in page.content.decode()
    with org_scope(org):
        SurveyRecipient.objects.filter(contact=second).update(
            expires_at=timezone.now() - timedelta(days=1)
        )
    page = client.post(url(org, "survey_respond", token=links[second.email]), data)
    assert page.status_code == 410 and "has expired" in page.content.decode()
    with org_scope(org):
        assert not SurveyResponse.objects.exists()


def test_the_rate_limit_per_client(org, manager, client):
    page = None
    for _ in range(31):
        page = client.get(url(org, "survey_respond", token="nothing"))
    assert page.status_code == 429
    other = client.get(url(org, "survey_respond", token="nothing"), REMOTE_ADDR="10.9.8.7")
    assert other.status_code == 404


def test_unsubscribe_from_the_link(org, manager, client):
    _, contact = make_party(org, "Acme")
    send_campaign(org, manager.user)
    token = links_in_outbox(org)[contact.email]
    assert (
        b"Send me no more surveys"
        in client.get(url(org, "survey_unsubscribe", token=token)).content
    )
    assert b"no more surveys" in client.post(url(org, "survey_unsubscribe", token=token)).content
    contact.refresh_from_db()
    assert not contact.has_consent
    assert b"no longer works" in client.get(url(org, "survey_respond", token=token)).content


def test_the_campaign_and_template_lists_make_as_many_queries_with_more_rows(
    org, manager, client_for, assert_constant_queries
):
    make_party(org, "Zenith")
    send_campaign(org, manager.user)
    client = client_for(manager)

    def grow():
        for n in range(3):
            make_party(org, f"Party {n}")
            template = make_template(org, manager.user, name=f"Survey {n}")
            send_campaign(org, manager.user, name=f"Run {n}", template=template)

    assert_constant_queries(client, url(org, "survey_campaign_list"), grow=grow)
    assert_constant_queries(client, url(org, "survey_template_list"), grow=lambda: None)
