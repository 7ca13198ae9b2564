"""Journeys through the register of interested parties, in a real browser."""

import re

import pytest

from relmgmt.core.demo import seed_demo

from .test_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_manager_builds_a_party_and_an_auditor_can_only_read_it(page, browser, live_server):
    seed_demo(records=False)
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

    page.goto("/o/acme/parties/?tier=strategic")
    assert page.get_by_role("link", name="Kestrel Robotics").count() == 1
    page.get_by_label("Type").select_option("regulator")  # htmx swaps the results in place
    page.wait_for_selector("#party-results .empty-state")
    assert "type=regulator" in page.url
    assert page.csp_violations == []

    auditor = browser.new_context(base_url=live_server.url).new_page()
    sign_in(auditor, "auditor@acme.example")
    auditor.wait_for_url(re.compile("/o/acme/$"))
    auditor.goto(party_url)
    assert auditor.get_by_role("heading", name="History").count() == 1
    assert auditor.get_by_text("manager@acme.example").count() >= 1
    for control in ("Change", "Record a need", "Add a party"):
        assert auditor.get_by_role("link", name=control).count() == 0
        assert auditor.get_by_role("button", name=control).count() == 0
    assert auditor.goto(party_url + "edit/").status == 403
