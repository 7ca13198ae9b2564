"""An auditor reads the audit trail in a real browser: filters the log by a record's
name (htmx), exports what the filter shows, opens a record's history (titled with its
name, a link back to it), and checks the hash chain."""

import re

import pytest

from parties.services.register import party_create
from relmgmt.accounts.models import User
from relmgmt.demo.seed import seed_demo

from .test_journeys import sign_in
from .test_page_widths import WIDER_THAN_THE_WINDOW

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_auditor_filters_the_log_by_name_and_reads_a_record_s_history(page):
    acme = next(org for org in seed_demo(records=False) if org.slug == "acme")
    manager = User.objects.get(email="manager@acme.example")
    party = party_create(
        organization=acme,
        actor=manager,
        data={"name": "Kestrel Logistics", "types": ["supplier"], "owner": manager},
    )
    sign_in(page, "auditor@acme.example")
    page.wait_for_url(re.compile("/o/acme/$"))
    page.goto("/o/acme/audit/")

    search = page.get_by_label("Record name")
    search.fill("kestrel")
    search.press("Enter")
    page.wait_for_url(re.compile("record=kestrel"))
    rows = page.locator("#audit-results > div tbody > tr")
    rows.first.wait_for()
    assert rows.count() == 1
    assert "Kestrel Logistics" in rows.first.inner_text()
    export = page.get_by_role("link", name="Export these events as CSV")
    assert "record=kestrel" in export.get_attribute("href")

    rows.first.get_by_text("fields").click()  # the folded changes
    owner = rows.first.locator("ul.changes").inner_text()
    assert "Owner:" in owner and str(manager) in owner and "owner_id" not in owner

    rows.first.get_by_role("link", name="Kestrel Logistics").click()
    page.wait_for_url(re.compile(f"/audit/records/parties.party/{party.pk}/"))
    assert page.title().startswith("History of Kestrel Logistics")
    assert page.get_by_role("heading", level=1).inner_text() == "History of Kestrel Logistics"
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate(WIDER_THAN_THE_WINDOW) <= 0, width
    page.get_by_role("link", name="Back to the party").click()
    page.wait_for_url(re.compile(f"/o/acme/parties/{party.pk}/$"))
    assert page.get_by_role("heading", level=1).inner_text().startswith("Kestrel Logistics")


def test_an_auditor_checks_the_hash_chain_from_the_log(page):
    seed_demo(records=False)
    sign_in(page, "auditor@acme.example")
    page.wait_for_url(re.compile("/o/acme/$"))
    page.goto("/o/acme/audit/")
    panel = page.locator("#audit-verification")
    assert "Not checked yet" in panel.inner_text()
    page.get_by_role("button", name="Verify the chain now").click()
    page.locator("#audit-verification .badge.ok").wait_for()
    assert "Intact" in page.locator("#audit-verification").inner_text()
    assert "Asked for by" in page.locator("#audit-verification").inner_text()
