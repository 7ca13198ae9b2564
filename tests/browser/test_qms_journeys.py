"""The management review in a real browser: a manager prepares a review, records it, holds
it (its figures are frozen), approves the minutes with a signature and downloads the pack;
the demo's held review and the home page's tiles show without a CSP violation."""

import io
import re

import pytest
from pypdf import PdfReader

from relmgmt.demo.seed import DEMO_PASSWORD
from tests.support.demo_snapshot import demo_seeded

from .test_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_manager_prepares_holds_and_signs_a_review_and_downloads_its_pack(page):
    demo_seeded()
    sign_in(page, "manager@acme.example")
    page.wait_for_url(re.compile("/o/acme/$"))
    assert page.locator(".kpi-tiles article").count() >= 5
    assert page.locator("svg.sparkline").count() >= 1
    page.goto("/o/acme/qms/reviews/")
    page.get_by_role("button", name="Prepare a review").click()
    page.get_by_label("Title").fill("Review of the year")
    page.get_by_label("Meeting date").fill("2026-12-15")
    page.get_by_label("Period start").fill("2026-01-01")
    page.get_by_label("Period end").fill("2026-11-30")
    page.get_by_label("Attendees").fill("Managing director\nQuality manager")
    page.get_by_role("button", name="Prepare it").click()
    page.wait_for_url(re.compile(r"/o/acme/qms/reviews/\d+/$"))
    page.get_by_role("textbox", name=re.compile("Audit results")).fill(
        "No nonconformity at the surveillance"
    )
    page.get_by_role("button", name="Save", exact=True).click()
    assert "No nonconformity at the surveillance" in page.content()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name=re.compile("The review is held")).click()
    page.locator("#review-status", has_text="Held").wait_for()
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Approve and sign").click()
    page.locator("#review-signature").wait_for()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the pack (PDF)").click()
    with open(download.value.path(), "rb") as file:
        reader = PdfReader(io.BytesIO(file.read()))
    text = "".join(pdf_page.extract_text() for pdf_page in reader.pages)
    assert "Review of the year" in text and "No nonconformity at the surveillance" in text
    assert page.csp_violations == []
