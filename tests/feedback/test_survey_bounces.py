"""A survey invitation refused by the mail server: a permanent (5xx) refusal of the address
is recorded as a bounce (counted, no reminder after it); a passing (4xx) one is tried
again. Through a real SMTP server (aiosmtpd in this process)."""

from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone

from feedback.models import SurveyEmail, SurveyRecipient
from feedback.selectors import surveys as selectors
from feedback.services.surveys import campaigns as campaign_services
from relmgmt.core.scoping import org_scope
from tests.feedback.survey_helpers import make_party, make_template
from tests.support.stack import free_port

pytestmark = pytest.mark.django_db


class RefusingServer:
    """Refuses ``gone@`` for good and ``busy@`` for now; accepts every other address."""

    def __init__(self):
        self.accepted: list[str] = []

    async def handle_RCPT(self, server, session, envelope, address, options):  # noqa: N802
        if address.startswith("gone@"):
            return "550 5.1.1 No such user here"
        if address.startswith("busy@"):
            return "450 4.2.1 Mailbox busy, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self.accepted.extend(envelope.rcpt_tos)
        return "250 Message accepted for delivery"


def test_a_permanent_refusal_is_a_bounce_and_a_passing_one_is_retried(org, manager, settings):
    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    for name in ("gone", "busy", "fine"):
        make_party(org, name.title(), email=f"{name}@customer.test")
    template = make_template(org, manager.user)
    campaign = campaign_services.campaign_create(
        organization=org,
        actor=manager.user,
        data={"name": "Pulse", "template": template, "max_reminders": 2},
    )
    campaign_services.campaign_send(
        organization=org, actor=manager.user, campaign=campaign, notify=False
    )
    handler = RefusingServer()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        assert campaign_services.emails_send_due(organization=org) == 1
    finally:
        controller.stop()
    assert handler.accepted == ["fine@customer.test"]
    with org_scope(org):
        states = {
            r.contact.email: r.state for r in SurveyRecipient.objects.select_related("contact")
        }
        gone = SurveyEmail.objects.filter(recipient__contact__email="gone@customer.test")
        busy = SurveyEmail.objects.get(recipient__contact__email="busy@customer.test", sequence=0)
        counted = selectors.campaigns(organization=org).get(pk=campaign.pk)
        assert states == {
            "gone@customer.test": "bounced",
            "busy@customer.test": "sent",
            "fine@customer.test": "sent",
        }
        assert "550" in gone.get(sequence=0).last_error
        assert set(gone.values_list("status", flat=True)) == {"failed", "cancelled"}
        assert busy.status == "pending" and busy.attempts == 1 and "450" in busy.last_error
        assert busy.send_at > timezone.now() - timedelta(minutes=1)
    assert (counted.bounced_count, counted.sent_count, counted.recipient_count) == (1, 2, 3)
    assert selectors.response_rate(counted) == 0.0
