"""Survey templates, campaigns, the respondent's link and answers, results and the follow-up
of unhappy answers, through the services."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from feedback.models import SurveyAnswer, SurveyEmail, SurveyRecipient, SurveyResponse
from feedback.selectors import surveys as selectors
from feedback.services.surveys import campaigns as campaign_services
from feedback.services.surveys import responses as response_services
from feedback.services.surveys import templates as template_services
from parties.models import FollowUp, Interaction
from relmgmt.core.scoping import org_scope
from relmgmt.notifications.models import Reminder
from relmgmt.tenancy import services as tenancy_services
from tests.feedback.survey_helpers import (
    answers_for,
    links_in_outbox,
    make_party,
    make_template,
    send_campaign,
)

pytestmark = pytest.mark.django_db


def test_template_frozen_once_sent_and_new_version_copies_it(org, manager):
    make_party(org, "Acme")
    campaign = send_campaign(org, manager.user)
    template = campaign.template
    template.refresh_from_db()
    assert template.is_frozen
    with org_scope(org):
        section = template.sections.get()
        with pytest.raises(ValidationError, match="frozen"):
            template_services.question_add(
                organization=org,
                actor=manager.user,
                section=section,
                data={"text": "New?", "kind": "text"},
            )
        copy = template_services.template_new_version(
            organization=org, actor=manager.user, template=template
        )
        assert copy.version == 2 and not copy.is_frozen
        assert [q.kind for q in copy.questions.order_by("position")] == [
            q.kind for q in template.questions.order_by("position")
        ]
        with pytest.raises(ValidationError, match="not sent yet"):
            template_services.template_new_version(
                organization=org, actor=manager.user, template=template
            )


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"text": "Pick", "kind": "single", "options": "Only one"}, "options"),
        ({"text": "Rate", "kind": "scale", "scale_min": 5, "scale_max": 5}, "scale_max"),
        ({"text": "Rate", "kind": "scale"}, "scale_max"),
        ({"text": "", "kind": "text"}, "text"),
        ({"text": "What?", "kind": "riddle"}, "kind"),
    ],
)
def test_bad_questions_are_refused_with_the_field_named(org, manager, data, field):
    template = template_services.template_create(
        organization=org, actor=manager.user, data={"name": "T"}
    )
    section = template_services.section_add(
        organization=org, actor=manager.user, template=template, data={"title": "S"}
    )
    with pytest.raises(ValidationError) as caught:
        template_services.question_add(
            organization=org, actor=manager.user, section=section, data=data
        )
    assert field in caught.value.message_dict


def test_audience_is_filtered_and_needs_consent_and_email(org, manager):
    make_party(org, "Acme", tier="strategic", tags=["key"], owner=manager.user)
    make_party(org, "Bolt", tier="managed")
    make_party(org, "Cold", consent=False)
    make_party(org, "Partner", types=["partner"])
    everyone = campaign_services.clean_audience(org, {})
    with org_scope(org):

        def names(a):
            return sorted(
                c.party.name
                for c in campaign_services.audience_contacts(organization=org, audience=a)
            )  # noqa: E731

        assert names(everyone) == ["Acme", "Bolt", "Partner"]
        assert names(campaign_services.clean_audience(org, {"types": ["customer"]})) == [
            "Acme",
            "Bolt",
        ]
        assert names(campaign_services.clean_audience(org, {"tiers": ["strategic"]})) == ["Acme"]
        assert names(campaign_services.clean_audience(org, {"tag": "Key"})) == ["Acme"]
        assert names(campaign_services.clean_audience(org, {"owner": manager.user.pk})) == ["Acme"]
    with pytest.raises(ValidationError):
        campaign_services.clean_audience(org, {"types": ["alien"]})


def test_an_owner_of_another_organisation_is_refused(org, manager, outsider):
    with pytest.raises(ValidationError) as caught:
        campaign_services.clean_audience(org, {"owner": outsider.user.pk})
    assert "owner" in caught.value.message_dict


def test_sending_freezes_asks_each_consenting_contact_once_and_stores_only_a_hash(org, manager):
    _, contact = make_party(org, "Acme")
    make_party(org, "Cold", consent=False)
    campaign = send_campaign(org, manager.user, max_reminders=2, remind_after_days=7)
    assert [m.to for m in mail.outbox] == [[contact.email]]
    link = links_in_outbox(org)[contact.email]
    with org_scope(org):
        recipient = SurveyRecipient.objects.get(campaign=campaign)
        assert recipient.token_hash != link and link.split(":")[0] not in recipient.token_hash
        assert SurveyEmail.objects.filter(recipient=recipient).count() == 3
    with pytest.raises(ValidationError, match="frozen"):
        campaign_services.campaign_send(organization=org, actor=manager.user, campaign=campaign)
    # Sending the due emails again sends nothing twice.
    assert campaign_services.emails_send_due(organization=org) == 0
    assert len(mail.outbox) == 1


def test_reminders_go_to_non_respondents_after_n_days_at_most_m_times(org, manager):
    _, first = make_party(org, "Acme")
    _, second = make_party(org, "Bolt")
    send_campaign(org, manager.user, max_reminders=2, remind_after_days=7, days_open=30)
    link = links_in_outbox(org)[first.email]
    template = (
        SurveyRecipient.objects.with_scopes_disabled().filter(contact=first).get().campaign.template
    )
    response_services.response_submit(
        organization=org, value=link, answers=answers_for(template, nps=9, csat=5)
    )
    now = timezone.now()
    for days in (3, 8, 15, 22, 29):
        campaign_services.emails_send_due(organization=org, now=now + timedelta(days=days))
    reminders = [m for m in mail.outbox if m.subject.startswith("Reminder")]
    assert [m.to for m in reminders] == [[second.email], [second.email]]


def test_an_answer_is_saved_once_and_becomes_an_interaction(org, manager):
    party, contact = make_party(org, "Acme", owner=manager.user)
    campaign = send_campaign(org, manager.user)
    link = links_in_outbox(org)[contact.email]
    answers = answers_for(
        campaign.template,
        nps=10,
        csat=5,
        effort=2,
        multiple=["Parts", "Training"],
        yes_no="yes",
        text="<script>alert(1)</script>",
    )
    with CaptureQueriesContext(connection) as queries:
        response = response_services.response_submit(organization=org, value=link, answers=answers)
    assert response is not None
    # Its writes stand or fall together in one transaction (a savepoint of the test's own):
    # none takes a savepoint of its own, and the response is written once, naming its
    # interaction.
    statements = [query["sql"] for query in queries.captured_queries]
    assert len([sql for sql in statements if sql.startswith("SAVEPOINT")]) == 1
    assert not [sql for sql in statements if 'UPDATE "feedback_surveyresponse"' in sql]
    assert response_services.response_submit(organization=org, value=link, answers=answers) is None
    with org_scope(org):
        assert SurveyResponse.objects.count() == 1
        assert SurveyAnswer.objects.count() == 6
        interaction = Interaction.objects.get(party=party)
        assert "How likely are you to recommend us?: 10" in interaction.summary
        assert list(interaction.contacts.all()) == [contact]
        assert not FollowUp.objects.exists()
    state = response_services.recipient_for_link(organization=org, value=link)
    assert state.problem == "answered"


def test_a_link_whose_response_is_on_record_saves_nothing_even_if_its_state_says_sent(org, manager):
    """The one response of a recipient is the last guard: should a submit get past the
    lock (its recipient marked sent again), nothing of it is saved, the interaction neither,
    and it is answered as an answered link is."""
    party, contact = make_party(org, "Acme", owner=manager.user)
    campaign = send_campaign(org, manager.user)
    link = links_in_outbox(org)[contact.email]
    answers = answers_for(campaign.template, nps=9, csat=4)
    assert response_services.response_submit(organization=org, value=link, answers=answers)
    with org_scope(org):
        SurveyRecipient.objects.filter(contact=contact).update(state=SurveyRecipient.State.SENT)
    assert response_services.response_submit(organization=org, value=link, answers=answers) is None
    with org_scope(org):
        assert SurveyResponse.objects.count() == 1
        assert Interaction.objects.filter(party=party).count() == 1


@pytest.mark.parametrize(
    ("answers", "field_kind", "message"),
    [
        ({"nps": 11, "csat": 3}, "nps", "from 0 to 10"),
        ({"nps": -1, "csat": 3}, "nps", "from 0 to 10"),
        ({"nps": "ten", "csat": 3}, "nps", "whole number"),
        ({"nps": 5, "csat": 0}, "csat", "from 1 to 5"),
        ({"nps": 5}, "csat", "Please answer"),
        ({"nps": 5, "csat": 3, "text": "x" * 100_000}, "text", "5,000 characters"),
        ({"nps": 5, "csat": 3, "multiple": ["Parts", "Cheese"]}, "multiple", "options shown"),
        ({"nps": 5, "csat": 3, "yes_no": "maybe"}, "yes_no", "yes or no"),
    ],
)
def test_bad_answers_are_refused_and_nothing_is_saved(org, manager, answers, field_kind, message):
    _, contact = make_party(org, "Acme")
    campaign = send_campaign(org, manager.user)
    link = links_in_outbox(org)[contact.email]
    with org_scope(org):
        question = campaign.template.questions.get(kind=field_kind)
    with pytest.raises(ValidationError) as caught:
        response_services.response_submit(
            organization=org, value=link, answers=answers_for(campaign.template, **answers)
        )
    assert message in " ".join(caught.value.message_dict[f"question_{question.pk}"])
    with org_scope(org):
        assert not SurveyResponse.objects.exists() and not SurveyAnswer.objects.exists()
        assert SurveyRecipient.objects.get().state == "sent"


def test_altered_expired_and_foreign_links_reveal_nothing(org, other_org, manager):
    _, contact = make_party(org, "Acme")
    campaign = send_campaign(org, manager.user, days_open=5)
    link = links_in_outbox(org)[contact.email]
    altered = link[:-2] + ("AA" if not link.endswith("AA") else "BB")
    assert (
        response_services.recipient_for_link(organization=org, value=altered).problem == "invalid"
    )
    assert (
        response_services.recipient_for_link(organization=org, value="nonsense").problem
        == "invalid"
    )
    # The same link under another organisation's address names nobody.
    assert (
        response_services.recipient_for_link(organization=other_org, value=link).recipient is None
    )
    later = timezone.now() + timedelta(days=6)
    assert (
        response_services.recipient_for_link(organization=org, value=link, now=later).problem
        == "expired"
    )
    with pytest.raises(ValidationError):
        response_services.response_submit(
            organization=org,
            value=link,
            answers=answers_for(campaign.template, nps=9, csat=5),
            now=later,
        )


def test_opting_out_withdraws_consent_and_stops_reminders(org, manager):
    _, contact = make_party(org, "Acme")
    send_campaign(org, manager.user, max_reminders=2)
    link = links_in_outbox(org)[contact.email]
    recipient = response_services.recipient_opt_out(organization=org, value=link)
    assert recipient.state == "opted_out"
    contact.refresh_from_db()
    assert not contact.has_consent and contact.consent_withdrawn_at is not None
    campaign_services.emails_send_due(organization=org, now=timezone.now() + timedelta(days=60))
    assert len(mail.outbox) == 1


def test_a_detractor_opens_a_follow_up_for_the_owner_reminded_by_the_engine(org, manager):
    party, contact = make_party(org, "Acme", owner=manager.user)
    campaign = send_campaign(org, manager.user)
    link = links_in_outbox(org)[contact.email]
    response = response_services.response_submit(
        organization=org, value=link, answers=answers_for(campaign.template, nps=4, csat=4)
    )
    with org_scope(org):
        follow_up = FollowUp.objects.get()
        assert follow_up.owner == manager.user
        assert "NPS 4" in follow_up.description
        assert Reminder.objects.filter(
            kind="parties.follow_up_due", object_id=str(follow_up.pk)
        ).exists()
    assert response.follow_up_id == follow_up.pk
    with org_scope(org):
        results = selectors.results(organization=org, campaign=campaign)
    assert (results.follow_ups, results.follow_ups_closed, results.loop_closure_rate) == (1, 0, 0.0)


def test_the_threshold_is_settable(org, admin, manager):
    tenancy_services.organization_update(
        organization=org,
        actor=admin.user,
        name=org.name,
        timezone_name=org.timezone,
        require_mfa=False,
        survey_follow_up={"nps_threshold": 3, "csat_threshold": 1, "follow_up_days": 3},
    )
    org.refresh_from_db()
    party, contact = make_party(org, "Acme", owner=manager.user)
    campaign = send_campaign(org, manager.user)
    link = links_in_outbox(org)[contact.email]
    response_services.response_submit(
        organization=org, value=link, answers=answers_for(campaign.template, nps=4, csat=2)
    )
    with org_scope(org):
        assert not FollowUp.objects.exists()


def test_results_of_a_campaign(org, manager):
    contacts = [make_party(org, f"Party {n}")[1] for n in range(5)]
    campaign = send_campaign(org, manager.user)
    links = links_in_outbox(org)
    scores = [(10, 5), (9, 4), (8, 3), (6, 2), (0, 1)]
    for contact, (nps, csat) in zip(contacts, scores, strict=True):
        response_services.response_submit(
            organization=org,
            value=links[contact.email],
            answers=answers_for(campaign.template, nps=nps, csat=csat, effort=nps % 7 + 1),
        )
    with org_scope(org):
        results = selectors.results(organization=org, campaign=campaign)
        campaign = selectors.campaigns(organization=org).get(pk=campaign.pk)
    assert (results.nps.promoters, results.nps.passives, results.nps.detractors) == (2, 1, 2)
    assert results.nps.score == 0.0
    assert results.csat == (40.0, 2, 5)
    nps_question = results.questions[0]
    assert dict(nps_question.distribution)["10"] == 1 and len(nps_question.distribution) == 11
    assert (campaign.recipient_count, campaign.answered_count) == (5, 5)
    assert selectors.response_rate(campaign) == 100.0


def test_a_claimed_email_whose_worker_died_is_sent_after_the_lease_and_never_twice(org, manager):
    _, contact = make_party(org, "Acme")
    template = make_template(org, manager.user)
    campaign = campaign_services.campaign_create(
        organization=org, actor=manager.user, data={"name": "Pulse", "template": template}
    )
    campaign_services.campaign_send(organization=org, actor=manager.user, campaign=campaign)
    now = timezone.now()
    with org_scope(org):
        invitation = SurveyEmail.objects.get(sequence=0)
        # A worker claimed it and died before sending.
        SurveyEmail.objects.filter(pk=invitation.pk).update(status="sending", claimed_at=now)
    assert campaign_services.emails_send_due(organization=org, now=now) == 0
    later = now + campaign_services.LEASE + timedelta(seconds=1)
    assert campaign_services.emails_send_due(organization=org, now=later) == 1
    assert campaign_services.emails_send_due(organization=org, now=later) == 0
    assert [m.to for m in mail.outbox] == [[contact.email]]


def test_a_bounce_stops_the_reminders_and_counts(org, manager):
    make_party(org, "Acme")
    campaign = send_campaign(org, manager.user, max_reminders=2)
    with org_scope(org):
        recipient = SurveyRecipient.objects.get()
    campaign_services.recipient_bounced(organization=org, actor=manager.user, recipient=recipient)
    campaign_services.emails_send_due(organization=org, now=timezone.now() + timedelta(days=20))
    assert len(mail.outbox) == 1
    with org_scope(org):
        counted = selectors.campaigns(organization=org).get(pk=campaign.pk)
    assert (counted.bounced_count, selectors.response_rate(counted)) == (1, None)


def test_a_recurring_campaign_repeats_once_a_quarter(org, manager):
    make_party(org, "Acme")
    campaign = send_campaign(org, manager.user, recurrence="quarterly")
    assert campaign_services.campaigns_repeat_due(organization=org) == []
    later = timezone.now() + timedelta(days=93)
    made = campaign_services.campaigns_repeat_due(organization=org, now=later)
    assert len(made) == 1 and made[0].status == "sent" and made[0].repeated_from_id == campaign.pk
    assert campaign_services.campaigns_repeat_due(organization=org, now=later) == []


def test_another_organisations_template_cannot_be_sent(org, other_org, manager):
    foreign = make_template(other_org)
    with pytest.raises(ValidationError) as caught:
        campaign_services.campaign_create(
            organization=org, actor=manager.user, data={"name": "X", "template": foreign}
        )
    assert "template" in caught.value.message_dict
