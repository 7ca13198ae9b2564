"""Journeys through the register of interested parties, in a real browser."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from relmgmt.core.dates import add_months
from relmgmt.demo.seed import seed_demo

from .test_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_manager_builds_a_party_and_an_auditor_can_only_read_it(page, new_page):
    seed_demo(records=False)
    today = datetime.now(ZoneInfo("Europe/London")).date()  # the demo organisation's day
    sign_in(page, "manager@acme.example")
    page.wait_for_url(re.compile("/o/acme/$"))
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Parties").click()
    page.get_by_role("button", name="Add a party").click()
    page.get_by_label("Name").fill("Kestrel Robotics")
    page.get_by_label("Customer").check()
    page.get_by_label("Partner").check()
    page.get_by_label("Tier").select_option("strategic")
    page.get_by_label("Relationship owner").select_option(label="Morgan Manager")
    page.get_by_label("Influence").fill("9")
    page.get_by_role("button", name="Add the party").click()
    page.wait_for_selector("[aria-invalid='true']")
    assert page.evaluate("document.activeElement.name") == "influence"
    page.get_by_label("Influence").fill("4")
    page.get_by_role("button", name="Add the party").click()
    page.wait_for_url(re.compile(r"/o/acme/parties/\d+/$"))
    party_url = page.url
    assert page.get_by_role("heading", level=1).inner_text() == "Kestrel Robotics"

    page.get_by_role("link", name="Record a need").click()
    page.get_by_label("Description").fill("Spare parts within 48 hours")
    page.get_by_label("How it is monitored").fill("Service desk report, monthly")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(party_url)
    assert page.get_by_role("cell", name="Spare parts within 48 hours").count() == 1

    page.locator("#interactions").scroll_into_view_if_needed()  # read when shown
    page.get_by_role("link", name="Log an interaction").click()
    page.get_by_label("Kind").select_option("meeting")
    page.get_by_label("Occurred on").fill(today.isoformat())
    page.get_by_label("Summary").fill("Kick-off meeting on the service agreement")
    page.get_by_label("Morgan Manager").check()
    page.get_by_role("button", name="Log the interaction").click()
    page.wait_for_url(re.compile(r"/o/acme/interactions/\d+/$"))
    page.get_by_role("link", name="Add a follow-up action").click()
    page.get_by_label("Description").fill("Send the draft agreement")
    page.get_by_label("Owner").select_option(label="Morgan Manager")
    page.get_by_label("Due on").fill((today + timedelta(days=7)).isoformat())
    page.get_by_role("button", name="Add the action").click()
    page.wait_for_selector("text=Send the draft agreement")

    page.goto(party_url)
    due_before = page.locator("dl.facts").inner_text()
    page.locator("#reviews").scroll_into_view_if_needed()
    page.get_by_role("button", name="Record a review").click()
    page.get_by_label("Findings").fill("Relationship healthy; spare parts on time")
    page.get_by_label("How satisfied we are with the relationship").select_option("4")
    page.get_by_label("How satisfied they are with the relationship").select_option("5")
    page.get_by_role("button", name="Record the review").click()
    page.wait_for_url(party_url)
    next_due = add_months(today, 3).isoformat()
    facts = page.locator("dl.facts").inner_text()
    assert next_due in facts and facts != due_before
    assert f"Last reviewed\n{today.isoformat()}" in facts

    page.goto("/o/acme/parties/?tier=strategic")
    assert page.get_by_role("link", name="Kestrel Robotics").count() == 1
    page.get_by_label("Type").select_option("regulator")  # htmx swaps the results in place
    page.wait_for_selector("#party-results .empty-state")
    assert "type=regulator" in page.url
    page.get_by_label("Type").select_option("")
    page.wait_for_selector("#party-results tbody tr")
    page.get_by_role("link", name="Party").click()  # sorting swaps the results in place
    page.wait_for_url(re.compile("o=name"))
    assert page.locator("#party-results").count() == 1
    assert page.get_by_role("heading", name="Interested parties").count() == 1
    assert page.csp_violations == []

    auditor = new_page()
    sign_in(auditor, "auditor@acme.example")
    auditor.wait_for_url(re.compile("/o/acme/$"))
    auditor.goto(party_url)
    assert auditor.get_by_role("heading", name="History").count() == 1
    # The History panel is read when it scrolls into view.
    auditor.locator(".history-panel").scroll_into_view_if_needed()
    auditor.locator(".history-panel details").first.wait_for()
    assert auditor.get_by_text("manager@acme.example").count() >= 1
    for control in ("Change", "Record a need", "Add a party"):
        assert auditor.get_by_role("link", name=control).count() == 0
        assert auditor.get_by_role("button", name=control).count() == 0
    assert auditor.goto(party_url + "edit/").status == 403
