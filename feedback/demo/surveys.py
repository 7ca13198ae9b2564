"""Demo surveys: a customer satisfaction template (NPS, CSAT, effort, a choice, a comment)
sent every quarter for two years to the consenting contacts of the customers and partners;
about two thirds answer, the NPS moves from quarter to quarter, detractors open follow-ups
for the party's owner (the older ones closed, the recent ones open), and the latest campaign
is still open. Seeded once: an organisation that has the template is left as it is.

The emails of the past are recorded as sent (they went out then); nothing is mailed."""

import random
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from feedback.models import SurveyEmail, SurveyQuestion, SurveyRecipient, SurveyTemplate
from feedback.services.surveys import campaigns as campaign_services
from feedback.services.surveys import follow_ups as follow_up_services
from feedback.services.surveys import responses as response_services
from feedback.services.surveys import templates as template_services
from relmgmt.core.dates import add_months, organization_today
from relmgmt.demo.registry import register
from relmgmt.policy import Role
from relmgmt.tenancy.models import Membership

# How the demo's older follow-ups were closed.
LOOPS_CLOSED = [
    {
        "contact_made": "Called the buyer the next day.",
        "cause": "delivery",
        "outcome": "Late shipments explained; a weekly delivery call agreed.",
    },
    {
        "contact_made": "Visited the plant manager.",
        "cause": "product",
        "outcome": "Two batches replaced; the inspection plan shared.",
    },
    {
        "contact_made": "Video call with the account team.",
        "cause": "service",
        "outcome": "A named contact for support; the customer is satisfied.",
    },
]

NAME = "Customer satisfaction"
QUARTERS = 8
# The share of promoters and detractors moves quarter by quarter (an NPS that moves).
MOOD = [
    (0.35, 0.30),
    (0.40, 0.25),
    (0.45, 0.20),
    (0.38, 0.28),
    (0.50, 0.18),
    (0.55, 0.15),
    (0.48, 0.22),
    (0.60, 0.12),
]

SECTIONS = [
    {
        "title": "Your overall view",
        "questions": [
            {"text": "How likely are you to recommend us to a colleague?", "kind": "nps"},
            {"text": "How satisfied are you with our products and service?", "kind": "csat"},
            {
                "text": "How much effort did it take to get what you needed from us?",
                "kind": "effort",
                "required": False,
            },
        ],
    },
    {
        "title": "Details",
        "questions": [
            {
                "text": "What matters most to you?",
                "kind": "single",
                "options": ["Quality", "Delivery on time", "Price", "Support"],
                "required": False,
            },
            {"text": "Would you like us to call you?", "kind": "yes_no", "required": False},
            {"text": "Anything you would like us to improve?", "kind": "text", "required": False},
        ],
    },
]

COMMENTS = [
    "Deliveries were late twice this quarter.",
    "Very responsive support team, thank you.",
    "Documentation could be clearer.",
    "Prices went up without notice.",
    "Great quality, as always.",
]


@register
def seed(organization) -> None:
    if SurveyTemplate.objects.filter(organization=organization, name=NAME).exists():
        return
    manager = (
        Membership.objects.active()
        .filter(organization=organization, role=Role.MANAGER)
        .select_related("user")
        .first()
    )
    actor = manager.user if manager else None
    rng = random.Random(f"surveys-{organization.slug}")  # noqa: S311 (demo data, not security)
    template = template_services.template_create(
        organization=organization, actor=actor, data={"name": NAME, "sections": SECTIONS}
    )
    questions = list(
        SurveyQuestion.objects.filter(template=template).order_by("section__position", "position")
    )
    zone = ZoneInfo(organization.timezone)
    today = organization_today(organization)
    first = add_months(today.replace(day=1), -3 * (QUARTERS - 1))
    for index in range(QUARTERS):
        start = add_months(first, 3 * index)
        sent_at = datetime.combine(start + timedelta(days=4), time(9), tzinfo=zone)
        latest = index == QUARTERS - 1
        campaign = campaign_services.campaign_create(
            organization=organization,
            actor=actor,
            data={
                "name": f"Quarterly customer survey {start:%Y}-Q{(start.month - 1) // 3 + 1}",
                "template": template,
                "audience": {"types": ["customer", "partner"]},
                "days_open": 45 if latest else 30,
                "recurrence": "quarterly" if latest else "",
            },
        )
        try:
            campaign_services.campaign_send(
                organization=organization, actor=actor, campaign=campaign, now=sent_at, notify=False
            )
        except Exception:  # noqa: BLE001 - nobody consents in this organisation: no surveys
            return
        SurveyEmail.objects.filter(recipient__campaign=campaign, sequence=0).update(
            status=SurveyEmail.Status.SENT, sent_at=sent_at
        )
        SurveyEmail.objects.filter(
            recipient__campaign=campaign, status=SurveyEmail.Status.PENDING
        ).update(status=SurveyEmail.Status.CANCELLED, last_error="demo data")
        promoters, detractors = MOOD[index]
        for recipient in SurveyRecipient.objects.filter(campaign=campaign).order_by("id"):
            if rng.random() > 0.65:
                if rng.random() < 0.1:
                    campaign_services.recipient_bounced(
                        organization=organization, actor=actor, recipient=recipient
                    )
                continue
            answered_at = sent_at + timedelta(days=rng.randint(0, 20), hours=rng.randint(0, 8))
            if answered_at > datetime.now(zone):
                continue
            roll = rng.random()
            nps = (
                rng.randint(9, 10)
                if roll < promoters
                else rng.randint(0, 6)
                if roll > 1 - detractors
                else rng.randint(7, 8)
            )
            values = {
                questions[0].pk: nps,
                questions[1].pk: max(1, min(5, round(nps / 2) + rng.choice([-1, 0, 0, 1]))),
                questions[2].pk: rng.randint(1, 7),
                questions[3].pk: rng.choice(questions[3].options),
                questions[4].pk: rng.choice(["yes", "no"]),
                questions[5].pk: rng.choice(COMMENTS) if rng.random() < 0.4 else "",
            }
            link = campaign_services.recipient_link_issue(
                organization=organization, recipient=recipient
            )
            response = response_services.response_submit(
                organization=organization, value=link, answers=values, now=answered_at
            )
            # Follow-ups of all but the last two quarters have been closed.
            if response is not None and response.follow_up_id and index < QUARTERS - 2:
                follow_up_services.loop_close(
                    organization=organization,
                    actor=actor,
                    response=response,
                    data=rng.choice(LOOPS_CLOSED),
                    at=answered_at + timedelta(days=rng.randint(1, 12)),
                )
        if not latest:
            campaign_services.campaign_close(
                organization=organization, actor=actor, campaign=campaign
            )
