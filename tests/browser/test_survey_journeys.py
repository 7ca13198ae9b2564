"""A survey's journey in a real browser: a manager builds a template with htmx and sends a
campaign; the respondent opens the emailed link on a phone-sized screen, is told what is
missing, answers, and sees the thanks; the answer is on the results page."""

import re

import pytest
from django.core import mail

from relmgmt.core.scoping import org_scope
from relmgmt.demo.seed import seed_demo
from relmgmt.tenancy.models import Membership

from ..feedback.survey_helpers import make_party
from .test_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_manager_sends_a_survey_and_a_customer_answers_it_on_a_phone(page, new_page):
    (acme, _globex) = seed_demo(records=False)
    with org_scope(acme):
        manager = Membership.objects.get(user__email="manager@acme.example").user
    _, contact = make_party(acme, "Zenith Retail", owner=manager, email="pat@zenith.test")

    sign_in(page, "manager@acme.example")
    page.wait_for_url(re.compile("/o/acme/$"))
    page.goto("/o/acme/surveys/templates/")
    page.get_by_role("button", name="New template").click()
    page.get_by_label("Name").fill("After-sales survey")
    page.get_by_role("button", name="Make the template").click()
    page.wait_for_url(re.compile(r"/surveys/templates/\d+/$"))
    builder_url = page.url
    page.get_by_text("Add a section").click()
    page.get_by_label("Title").fill("Your view")
    page.get_by_role("button", name="Add the section").click()
    page.wait_for_selector("h2:has-text('1. Your view')")
    for text, kind in [
        ("How likely are you to recommend us?", "nps"),
        ("How satisfied are you with the repair?", "csat"),
        ("What could we do better?", "text"),
    ]:
        page.get_by_text("Add a question to “Your view”").click()
        section = page.locator("section").filter(has_text="1. Your view")
        section.get_by_label(re.compile("^Question")).fill(text)
        section.get_by_label("Answered by").select_option(kind)
        if kind == "text":
            section.get_by_label("Must be answered").uncheck()
        section.get_by_role("button", name="Add the question").click()
        page.wait_for_selector(f"text={text}")
    assert page.url == builder_url  # swapped in place by htmx

    page.get_by_role("button", name="Send in a campaign").click()
    page.get_by_label(re.compile("^Name")).fill("After-sales Q1")
    page.get_by_label("Survey").select_option(label="After-sales survey (version 1)")
    page.get_by_label("Customer").check()
    page.get_by_role("button", name="Save the draft").click()
    page.wait_for_selector("text=1 contact matches the audience now.")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Send the campaign").click()
    page.wait_for_selector("text=Sent to 1 contact.")

    assert [message.to for message in mail.outbox] == [["pat@zenith.test"]]
    link = re.search(r"(http\S+/o/acme/s/\S+/)", mail.outbox[0].body).group(1)

    phone = new_page()
    phone.set_viewport_size({"width": 390, "height": 844})
    phone.goto(link.replace(link.split("/o/")[0], ""))
    assert phone.get_by_role("heading", level=1).inner_text() == "After-sales Q1"
    assert "Acme Precision Parts Ltd" in phone.locator("body").inner_text()
    assert (
        phone.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        <= 0
    )
    phone.get_by_role("group", name=re.compile("How likely are you to recommend us")).get_by_label(
        "9", exact=True
    ).check()
    phone.get_by_role("button", name="Send my answers").click()
    phone.wait_for_selector("text=Please answer this question.")
    phone.get_by_role("group", name=re.compile("How satisfied")).get_by_label(
        "2", exact=True
    ).check()
    phone.get_by_label(re.compile("What could we do better")).fill("<b>Faster</b> please")
    # Keyboard: the submit button is reached and pressed from the keyboard.
    phone.get_by_role("button", name="Send my answers").focus()
    phone.keyboard.press("Enter")
    phone.wait_for_selector("h1:has-text('Thank you')")
    phone.goto(link.replace(link.split("/o/")[0], ""))
    assert phone.get_by_role("heading", level=1).inner_text() == "Thank you"

    page.goto("/o/acme/surveys/")
    page.get_by_role("link", name="After-sales Q1").click()
    page.get_by_role("button", name="Results").click()
    body = page.locator("main").inner_text()
    assert "+100" in body and "<b>Faster</b> please" in body

    # The unhappy CSAT answer opened a follow-up for the party's owner: the manager closes
    # the loop, records what was said, and raises a complaint from the answer.
    page.get_by_role("link", name="Open: close the loop").click()
    page.wait_for_url(re.compile(r"/surveys/answers/\d+/loop/$"))
    page.get_by_role("button", name="Close the loop").click()
    page.wait_for_selector("[aria-invalid='true']")  # nothing said yet: refused, kept
    page.get_by_label("Contact made").fill("Called Pat on Tuesday")
    page.get_by_label("Cause").select_option("service")
    page.get_by_label("Outcome").fill("Repair redone free of charge")
    page.get_by_label(re.compile("^Raise a complaint")).check()
    page.get_by_role("button", name="Close the loop").click()
    page.wait_for_selector("text=The loop is closed.")
    facts = page.locator("dl.facts").inner_text()
    assert "Called Pat on Tuesday" in facts and "Repair redone free of charge" in facts
    complaint = page.locator("dl.facts").get_by_role("link", name=re.compile(r"^C-\d{4}-\d{4}$"))
    complaint.click()
    page.wait_for_url(re.compile(r"/o/acme/complaints/\d+/$"))
    # The complaint's history, read as it scrolls into view, names the answer it came from.
    page.locator(".history-panel").scroll_into_view_if_needed()
    page.locator(".history-panel details").first.wait_for()
    assert "Survey answer" in page.locator(".history-panel").inner_text()
