"""Journeys through the supplier register and its approval, in a real browser."""

import re

import pytest

from relmgmt.demo.seed import DEMO_PASSWORD, seed_demo

from .panels import reveal
from .test_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_manager_takes_a_supplier_from_prospective_to_approved_and_finds_it_on_the_asl(page):
    seed_demo(records=False)
    sign_in(page, "manager@acme.example")
    page.wait_for_url(re.compile("/o/acme/$"))
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Suppliers").click()
    page.get_by_role("button", name="Add a supplier").click()
    page.get_by_label("Name").fill("Keystone Welding")
    page.get_by_label("Code").fill("sup-100")
    page.get_by_role("button", name="Add the supplier").click()
    page.wait_for_selector("[aria-invalid='true']")  # no category chosen: said beside it
    page.get_by_label("Special process").check()
    page.get_by_label("Criticality").select_option("critical")
    page.get_by_label("Relationship owner").select_option(label="Morgan Manager")
    page.get_by_role("button", name="Add the supplier").click()
    page.wait_for_url(re.compile(r"/o/acme/suppliers/\d+/$"))
    supplier_url = page.url
    assert page.get_by_role("heading", level=1).inner_text() == "Keystone Welding"
    assert "Prospective" in page.locator("hgroup").inner_text()

    page.get_by_role("button", name="Start an evaluation").click()
    page.get_by_label("Reason").fill("Questionnaire returned; audit booked")
    page.get_by_role("button", name="Start an evaluation").click()
    page.wait_for_url(supplier_url)
    assert "Under evaluation" in page.locator("hgroup").inner_text()

    page.get_by_role("button", name="Approve", exact=True).click()
    page.get_by_label("Reason").fill("Welding procedure audit passed")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Approve and sign").click()
    page.wait_for_selector("text=The password is not right")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Approve and sign").click()
    page.wait_for_url(supplier_url)
    assert "Approved" in page.locator("hgroup").inner_text()
    reveal(page, "approval")
    history = page.locator("#approval").inner_text()
    assert "Welding procedure audit passed" in history and "Signed by Morgan Manager" in history

    page.get_by_role("link", name="Suppliers").first.click()
    page.get_by_role("link", name="Approved supplier list").click()
    page.wait_for_url(re.compile("/o/acme/suppliers/approved/$"))
    row = page.get_by_role("row").filter(has_text="Keystone Welding")
    assert row.count() == 1 and "SUP-100" in row.inner_text()
    assert page.csp_violations == []
