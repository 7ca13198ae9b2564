"""Sending through a real SMTP server (aiosmtpd in this process): a batch shares one mail
session, and a message the server refuses rolls back only its own reminder."""

from datetime import timedelta

from django.utils import timezone

from parties.services.register import party_create
from relmgmt.core.scoping import org_scope
from relmgmt.notifications.models import Notification, Reminder
from relmgmt.notifications.services import dispatch
from tests.support.mailsink import MailSink
from tests.support.stack import free_port


def test_a_batch_shares_one_mail_session_and_a_refusal_rolls_back_only_its_reminder(
    org, manager, settings
):
    port = free_port()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    for n in range(5):
        party_create(
            organization=org,
            actor=manager.user,
            data={
                "name": f"Customer {n}",
                "types": ["customer"],
                "owner": manager.user,
                "next_review_due": timezone.localdate() + timedelta(days=7),
            },
        )
    with org_scope(org):
        Reminder.objects.filter(escalation_level=0).update(
            next_attempt_at=timezone.now() - timedelta(minutes=1)
        )
    claim = dispatch.claim_due()
    ids = claim.by_organization[org.pk]
    refused = ids[2]

    with MailSink(port, refuse=[refused]) as sink:
        outcomes = dispatch.send_batch(organization=org, reminder_ids=ids, token=str(claim.token))

    assert outcomes == {"sent": 4, "retry": 1}
    assert set(sink.deliveries) == set(ids) - {refused}
    assert sink.sessions == 2, "one session for the batch, and a fresh one after the refusal"
    with org_scope(org):
        row = Reminder.objects.get(pk=refused)
        assert row.status == "pending" and row.attempts == 1 and row.sent_at is None
        assert "554" in row.last_error and row.next_attempt_at > timezone.now()
        assert not Notification.objects.filter(reminder_id=refused).exists()
        assert Notification.objects.filter(reminder_id__in=ids).count() == 4
