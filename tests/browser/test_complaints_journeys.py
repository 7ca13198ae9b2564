"""The complaints register in a real browser: a complaint posted on the public form is
acknowledged, resolved and closed by a manager, and the complainant's status link shows
each step."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from relmgmt.demo.seed import seed_demo

from .test_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _step(page, reference, action, note=""):
    page.goto("/o/acme/complaints/")
    page.get_by_role("link", name=reference).click()
    page.get_by_role("button", name=action, exact=True).click()
    if note:
        page.get_by_label("Note").fill(note)
    page.get_by_role("button", name="Save the step").click()
    page.wait_for_url(re.compile(r"/o/acme/complaints/\d+/$"))


def test_a_public_complaint_is_handled_and_the_complainant_follows_each_step(page, new_page):
    seed_demo(records=False)
    complainant = new_page()
    complainant.set_viewport_size({"width": 390, "height": 900})
    complainant.goto("/c/acme/")
    complainant.get_by_label("Your name").fill("Pat Customer")
    complainant.get_by_label("Your email").fill("pat@example.com")
    complainant.get_by_label("What is it about?").select_option("product")
    complainant.get_by_label("Subject").fill("Cracked casting")
    complainant.get_by_label("What happened?").fill("Two castings cracked on arrival.")
    complainant.get_by_role("button", name="Send").click()
    complainant.wait_for_url(re.compile("/c/acme/thanks/$"))
    assert "has received your complaint" in complainant.content()

    message = next(m for m in mail.outbox if m.to == ["pat@example.com"])
    reference = re.search(r"C-\d{4}-\d{4}", message.subject).group(0)
    link = re.search(r"https?://[^/\s]+(/c/acme/status/\S+/)", message.body).group(1)

    def status():
        complainant.goto(link)
        return complainant.locator("#complaint-state").inner_text()

    assert status() == "Received"

    sign_in(page, "manager@acme.example")
    page.wait_for_url(re.compile("/o/acme/$"))
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Complaints").click()
    page.wait_for_url(re.compile("/o/acme/complaints/"))
    assert reference in page.content()

    _step(page, reference, "Acknowledge")
    assert status() == "Acknowledged"
    _step(page, reference, "Resolve", "We replace both castings; told by phone on Monday.")
    assert status() == "Resolved"
    assert "We replace both castings" in complainant.content()
    _step(page, reference, "Close")
    assert status() == "Closed"
    steps = complainant.locator("#complaint-steps li").all_inner_texts()
    assert [step.split(" ")[0] for step in steps] == [
        "Received", "Acknowledged", "Resolved", "Closed",
    ]  # fmt: skip
    # The timeline on the manager's page has every step too.
    page.goto("/o/acme/complaints/")
    page.get_by_role("link", name=reference).click()
    expect(page.get_by_role("heading", name="Timeline")).to_be_visible()
