"""A questionnaire's journey in a real browser: the supplier answers it in the portal, the
manager reviews it, accepts it and finds the score on the supplier's page."""

import re
from datetime import timedelta

import pytest

from relmgmt.core.dates import organization_today
from relmgmt.core.scoping import org_scope
from relmgmt.demo.seed import seed_demo
from relmgmt.tenancy.models import Membership
from suppliers.demo.certificates import certificate_pdf
from suppliers.models import Supplier
from suppliers.services.questionnaires import sent as services

from ..suppliers.questionnaire_helpers import build_template
from .panels import reveal
from .test_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def test_a_supplier_answers_in_the_portal_and_the_manager_accepts_with_a_score(page, new_page):
    (acme, _globex) = seed_demo(records=False)
    with org_scope(acme):
        manager = Membership.objects.get(user__email="manager@acme.example").user
        supplier = Supplier.objects.get(code="SUP-001")
    template = build_template(acme, manager)
    services.questionnaire_send(
        organization=acme,
        actor=manager,
        template=template,
        suppliers=[supplier],
        due_date=organization_today(acme) + timedelta(days=14),
    )

    sign_in(page, "supplier@acme.example")
    page.wait_for_url(re.compile("/portal/acme/$"))
    page.get_by_role("navigation", name="Portal").get_by_role("link", name="Questionnaires").click()
    page.get_by_role("link", name="Supplier self-assessment").click()
    page.get_by_label("Yes").check()
    page.get_by_label("1.2 How mature is your control").fill("9")
    page.get_by_role("button", name="Save a draft").click()
    page.wait_for_selector("text=9 is outside the scale: choose from 1 to 5.")
    page.get_by_label("1.2 How mature is your control").fill("4")
    page.get_by_label("Spreadsheets").check()
    page.get_by_label("2.2 Describe your contingency plan.").fill("A second site in Leeds.")
    page.get_by_label("2.3 Upload your quality manual.").set_input_files(
        {
            "name": "Quality manual.pdf",
            "mimeType": "application/pdf",
            "buffer": certificate_pdf("QM"),
        }
    )
    page.get_by_role("button", name="Submit for review").click()
    page.wait_for_selector("text=Your answers are submitted for review.")
    assert (
        "Submitted for review"
        in page.get_by_role("row").filter(has_text="Supplier self-assessment").inner_text()
    )
    assert page.csp_violations == []

    manager_page = new_page()
    sign_in(manager_page, "manager@acme.example")
    manager_page.wait_for_url(re.compile("/o/acme/$"))
    manager_page.goto("/o/acme/questionnaires/?status=submitted")
    manager_page.get_by_role("link", name="Supplier self-assessment").click()
    review = manager_page.locator("main")
    assert "A second site in Leeds." in review.inner_text()
    assert "Quality manual.pdf" in review.inner_text()
    manager_page.get_by_role("button", name="Accept and score").click()
    manager_page.wait_for_selector("text=Give this answer its points before accepting.")
    manager_page.get_by_label("Points for 2.2 (0-100)").fill("80")
    manager_page.get_by_role("button", name="Accept and score").click()
    manager_page.wait_for_selector("text=The answers are accepted.")
    assert "68.6" in manager_page.locator("#score").inner_text()
    manager_page.get_by_role("link", name="Northwind Castings").click()
    manager_page.wait_for_url(re.compile(r"/o/acme/suppliers/\d+/$"))
    reveal(manager_page, "questionnaires")
    assert manager_page.locator("#questionnaire-score").inner_text() == "68.6"


def test_a_manager_builds_a_template_inline_and_sends_it(page):
    seed_demo(records=False)
    sign_in(page, "manager@acme.example")
    page.wait_for_url(re.compile("/o/acme/$"))
    page.goto("/o/acme/questionnaires/templates/")
    page.get_by_role("button", name="New template").click()
    page.get_by_label("Name").fill("Packaging supplier audit")
    page.get_by_role("button", name="Make the template").click()
    page.wait_for_url(re.compile(r"/questionnaires/templates/\d+/$"))
    builder_url = page.url
    page.get_by_text("Add a section").click()
    page.get_by_label("Title").fill("Materials")
    page.get_by_role("button", name="Add the section").click()
    page.wait_for_selector("h2:has-text('1. Materials')")
    page.get_by_text("Add a question to “Materials”").click()
    section = page.locator("section").filter(has_text="1. Materials")
    section.get_by_label(re.compile("^Question")).fill("Which board grades do you stock?")
    section.get_by_label("Answered by").select_option("choice")
    section.get_by_label("Options (single choice)").fill("Only one = 1")
    section.get_by_role("button", name="Add the question").click()
    page.wait_for_selector("text=A single choice needs at least two options.")
    section = page.locator("section").filter(has_text="1. Materials")
    section.get_by_label("Options (single choice)").fill("Full FEFCO range = 10\nA few = 4")
    section.get_by_role("button", name="Add the question").click()
    page.wait_for_selector("text=Full FEFCO range (10)")
    assert page.url == builder_url  # swapped in place, no new page
    page.get_by_role("button", name="Send to suppliers").click()
    page.get_by_label("Suppliers").select_option(label="SUP-002 · Contoso Fasteners")
    page.get_by_label("Due on").fill(
        (organization_today_of("acme") + timedelta(days=7)).isoformat()
    )
    page.get_by_role("button", name="Send the questionnaire").click()
    page.wait_for_url(re.compile("/o/acme/questionnaires/$"))
    row = page.get_by_role("row").filter(has_text="Contoso Fasteners")
    assert "Packaging supplier audit" in row.inner_text() and "Sent" in row.inner_text()
    assert page.csp_violations == []


def organization_today_of(slug):
    from relmgmt.tenancy.models import Organization

    return organization_today(Organization.objects.get(slug=slug))
