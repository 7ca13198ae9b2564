"""The supplier portal in a real browser: a supplier user uploads a certificate and answers
a document request; the manager accepts the certificate and closes the request."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from relmgmt.core.dates import organization_today
from relmgmt.core.scoping import org_scope
from relmgmt.demo.seed import seed_demo
from relmgmt.tenancy.models import Membership, Organization
from suppliers.demo.certificates import certificate_pdf
from suppliers.services import requests as request_services

from .panels import reveal
from .test_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def test_a_supplier_uploads_and_answers_and_the_manager_accepts_and_closes(page, new_page):
    seed_demo(records=False)
    organization = Organization.objects.get(slug="acme")
    today = organization_today(organization)
    with org_scope(organization):
        supplier = Membership.objects.get(user__email="supplier@acme.example").supplier
        manager = Membership.objects.get(user__email="manager@acme.example").user
        request_services.request_raise(
            organization=organization,
            actor=manager,
            supplier=supplier,
            data={
                "kind": "document",
                "subject": "Porosity in lot 2611",
                "description": "Send the X-ray report of lot 2611.",
                "internal_note": "Consider a process audit",
                "due_date": today + timedelta(days=10),
            },
        )

    sign_in(page, "supplier@acme.example")
    page.wait_for_url(re.compile("/portal/acme/$"))
    assert "Porosity in lot 2611" in page.locator("main").inner_text()
    tabs = page.get_by_role("navigation", name="Portal")
    tabs.get_by_role("link", name="Certificates").click()
    page.get_by_role("button", name="Upload a certificate").click()
    page.get_by_label("Type").select_option("iso_9001")
    page.get_by_label("Issuer").fill("TÜV Rheinland")
    page.get_by_label("Certificate number").fill("ISO-PORTAL-1")
    page.get_by_label("Valid from").fill(today.isoformat())
    page.get_by_label("Valid until").fill((today + timedelta(days=3 * 365)).isoformat())
    page.get_by_label("File").set_input_files(
        {"name": "iso9001.pdf", "mimeType": "application/pdf", "buffer": certificate_pdf("ISO")}
    )
    page.get_by_role("button", name="Upload the certificate").click()
    page.wait_for_url(re.compile("/portal/acme/certificates/$"))
    row = page.get_by_role("row").filter(has_text="ISO-PORTAL-1")
    assert "Waiting for the buyer" in row.inner_text()

    tabs.get_by_role("link", name="Requests").click()
    page.get_by_role("link", name="Porosity in lot 2611").click()
    expect(page.locator("main")).to_contain_text("Send the X-ray report of lot 2611.")
    assert "process audit" not in page.locator("main").inner_text()
    page.get_by_label("Your response").fill("Lot quarantined; root cause: mould venting.")
    page.get_by_role("button", name="Send the response").click()
    page.wait_for_selector("text=Your response is sent.")
    assert "Responded" in page.locator("main").inner_text()
    assert page.csp_violations == []

    buyer = new_page()
    sign_in(buyer, "manager@acme.example")
    buyer.wait_for_url(re.compile("/o/acme/$"))
    buyer.goto(f"/o/acme/suppliers/{supplier.pk}/")
    certificate_row = (
        buyer.locator("#certificates").get_by_role("row").filter(has_text="ISO-PORTAL-1")
    )
    certificate_row.get_by_role("button", name="Accept").click()
    buyer.wait_for_selector("text=is accepted")
    assert "Waiting for the buyer" not in buyer.locator("#certificates").inner_text()
    reveal(buyer, "requests")
    buyer.locator("#requests").get_by_role("link", name="Porosity in lot 2611").click()
    assert "mould venting" in buyer.locator("main").inner_text()
    buyer.get_by_role("button", name="Close the request").click()
    buyer.wait_for_selector("text=The request is closed.")
    assert "Closed" in buyer.locator("hgroup").inner_text()

    page.goto("/portal/acme/certificates/")
    row = page.get_by_role("row").filter(has_text="ISO-PORTAL-1")
    assert "Waiting for the buyer" not in row.inner_text() and "Valid" in row.inner_text()
