"""The reminder engine as people meet it: a bell that counts, a notification centre,
choices per kind, and the reminders page, in a real browser."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from parties.services.register import party_create
from relmgmt.accounts.models import User
from relmgmt.core.scoping import org_scope
from relmgmt.demo.seed import seed_demo
from relmgmt.notifications.models import Notification, Reminder
from relmgmt.notifications.services import digest
from relmgmt.notifications.tasks import dispatch_due_reminders
from relmgmt.tenancy.models import Organization

from .test_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def a_party_due_for_review(organization, owner, name):
    party = party_create(
        organization=organization,
        actor=owner,
        data={
            "name": name,
            "types": ["customer"],
            "owner": owner,
            "next_review_due": timezone.localdate() + timedelta(days=10),
        },
    )
    with org_scope(organization):
        Reminder.objects.filter(object_id=str(party.pk), escalation_level=0).update(
            next_attempt_at=timezone.now() - timedelta(minutes=1)
        )
    return party


def test_a_manager_is_reminded_reads_it_and_chooses_a_daily_digest(page):
    seed_demo(records=False)
    acme = Organization.objects.get(slug="acme")
    manager = User.objects.get(email="manager@acme.example")
    party = a_party_due_for_review(acme, manager, "Harbour Logistics")
    mail.outbox.clear()
    assert dispatch_due_reminders() == 1
    (email,) = mail.outbox
    assert email.to == ["manager@acme.example"] and "Harbour Logistics" in email.subject
    assert f"/o/acme/parties/{party.pk}/" in email.body

    sign_in(page, "manager@acme.example")
    page.wait_for_url(re.compile("/o/acme/$"))
    bell = page.get_by_role("link", name=re.compile("Notifications"))
    expect(bell).to_contain_text("1 unread")  # filled in by htmx after the page loads
    bell.click()
    page.wait_for_url(re.compile("/o/acme/notifications/$"))
    item = page.get_by_role("row", name=re.compile("Harbour Logistics"))
    assert "new" in item.inner_text()
    item.get_by_role("button", name="Mark read").click()
    page.wait_for_url(re.compile("/o/acme/notifications/"))
    expect(page.get_by_role("row", name=re.compile("Harbour Logistics"))).not_to_contain_text("new")
    expect(page.get_by_role("link", name=re.compile("Notifications"))).not_to_contain_text("unread")
    page.get_by_role("row", name=re.compile("Harbour Logistics")).get_by_role("link").click()
    page.wait_for_url(re.compile(rf"/o/acme/parties/{party.pk}/$"))

    page.goto("/o/acme/notifications/preferences/")
    page.get_by_role("group", name="A party is due for review").get_by_label("Daily digest").check()
    page.get_by_role("button", name="Save choices").click()
    page.get_by_text("Your notification choices are saved.").wait_for()

    a_party_due_for_review(acme, manager, "Quayside Freight")
    mail.outbox.clear()
    assert dispatch_due_reminders() == 1
    assert mail.outbox == [], "a digest reader gets no email at once"
    with org_scope(acme):
        assert Notification.objects.get(title__contains="Quayside").email == "digest"
    assert digest.digest_send(organization=acme, user=manager) == 1
    (digest_email,) = mail.outbox
    assert "Quayside Freight" in digest_email.body

    page.goto("/o/acme/reminders/?status=sent")
    sent = page.get_by_role("row", name=re.compile("Harbour Logistics"))
    assert "A party is due for review" in sent.inner_text()
    assert "Sent" in sent.inner_text()
