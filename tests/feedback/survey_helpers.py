"""Helpers of the survey tests: a party with a consenting contact, a template, a sent
campaign and the personal link of a recipient as the email carries it."""

import re

from django.core import mail
from django.utils import timezone

from feedback.services.surveys import campaigns as campaign_services
from feedback.services.surveys import templates as template_services
from parties.models import Contact, Party
from relmgmt.core.scoping import org_scope

QUESTIONS = [
    {"text": "How likely are you to recommend us?", "kind": "nps"},
    {"text": "How satisfied are you with our service?", "kind": "csat"},
    {"text": "How easy was it to deal with us?", "kind": "effort", "required": False},
    {
        "text": "Which of these do you use?",
        "kind": "multiple",
        "options": ["Parts", "Repairs", "Training"],
        "required": False,
    },
    {"text": "Would you order again?", "kind": "yes_no", "required": False},
    {"text": "Anything else?", "kind": "text", "required": False},
]


def make_party(organization, name, *, owner=None, consent=True, email=None, **fields):
    with org_scope(organization):
        party = Party.objects.create(
            organization=organization,
            name=name,
            types=fields.pop("types", ["customer"]),
            owner=owner,
            **fields,
        )
        contact = Contact.objects.create(
            organization=organization,
            party=party,
            name=f"Contact of {name}",
            email=email or f"{name.lower().replace(' ', '.')}@customer.test",
            consent_given_at=timezone.now() - timezone.timedelta(days=30) if consent else None,
            consent_method="signed form" if consent else "",
        )
    return party, contact


def make_template(organization, actor=None, questions=QUESTIONS, name="Customer satisfaction"):
    return template_services.template_create(
        organization=organization,
        actor=actor,
        data={
            "name": name,
            "sections": [{"title": "Your view", "questions": [dict(q) for q in questions]}],
        },
    )


def send_campaign(organization, actor=None, template=None, **data):
    template = template or make_template(organization, actor)
    campaign = campaign_services.campaign_create(
        organization=organization,
        actor=actor,
        data={"name": data.pop("name", "Spring survey"), "template": template, **data},
    )
    campaign_services.campaign_send(organization=organization, actor=actor, campaign=campaign)
    campaign_services.emails_send_due(organization=organization)
    return campaign


def links_in_outbox(organization):
    """The personal links of the emails sent so far, by recipient address."""
    found = {}
    for message in mail.outbox:
        match = re.search(rf"http\S*/o/{organization.slug}/s/([^/\s]+)/", message.body)
        if match:
            found[message.to[0]] = match.group(1)
    return found


def answers_for(template, **by_kind):
    """{question id: value} for the kinds given."""
    with org_scope(template.organization):
        return {q.pk: by_kind[q.kind] for q in template.questions.all() if q.kind in by_kind}
