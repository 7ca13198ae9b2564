"""A supplier's 8D in a real browser: a rejected delivery opens its nonconformity, the
nonconformity an 8D to the supplier; the supplier answers D1 to D8 in the portal (D4 with
its whys, returned once and answered again), the buyer accepts each step; the effectiveness
check falls due later and another manager (not the owner) records it and signs the closure;
the supplier's responsiveness on its scorecard counts the steps answered on time."""

import re

import pytest
from playwright.sync_api import expect

from corrective_actions.models import SupplierCorrectiveAction
from relmgmt.core.scoping import org_scope
from relmgmt.demo.seed import DEMO_PASSWORD, seed_demo
from relmgmt.tenancy.models import Membership, Organization
from suppliers.models import ScorecardResult
from suppliers.services.scorecards import definitions

from ..corrective_actions.helpers import rejected_delivery
from .test_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_rejected_delivery_leads_to_an_8d_answered_in_the_portal(page, new_page):
    seed_demo(records=False)
    organization = Organization.objects.get(slug="acme")
    with org_scope(organization):
        portal_member = Membership.objects.select_related("supplier").get(
            organization=organization, user__email="supplier@acme.example"
        )
    supplier = portal_member.supplier
    definitions.definition_save(
        organization=organization,
        actor=None,
        period="monthly",
        criteria=[{"metric": "car_responsiveness", "weight": 100}],
    )
    delivery = rejected_delivery(organization, None, supplier, rejected=9)
    responsiveness = re.compile(
        r"\d+ corrective action requests? due; \d+ answered by the due date"
    )

    sign_in(page, "manager@acme.example")
    page.wait_for_url(re.compile("/o/acme/$"))
    scorecard_url = f"/o/acme/suppliers/{supplier.pk}/scorecard/"
    page.goto(scorecard_url)
    expect(page.get_by_role("heading", name=re.compile("^Scorecard:"))).to_be_visible()
    expect(page.get_by_text(responsiveness)).to_have_count(0)
    page.goto(f"/o/acme/deliveries/{delivery.pk}/")
    page.get_by_role("link", name="Open a nonconformity for the rejection").click()
    page.get_by_role("button", name="Open the nonconformity").click()
    page.wait_for_url(re.compile(r"/o/acme/nonconformities/\d+/$"))
    page.get_by_role("button", name="Ask the supplier for an 8D").click()
    page.get_by_label("Internal note").fill("Price review next month")
    page.get_by_role("button", name="Issue the 8D").click()
    page.wait_for_url(re.compile(r"/o/acme/supplier-8d/\d+/$"))
    staff_url = page.url
    with org_scope(organization):
        scar = SupplierCorrectiveAction.objects.get()

    portal = new_page()
    sign_in(portal, "supplier@acme.example")
    portal.wait_for_url(re.compile("/portal/"))
    portal_url = f"/portal/acme/8d/{scar.pk}/"
    portal.goto(portal_url)
    content = portal.content()
    assert "Price review next month" not in content
    assert "textarea" in content, content[-3000:]

    def answer(discipline, text, **more):
        portal.goto(portal_url)
        portal.locator("textarea[name=answer]").fill(text)
        for name, value in more.items():
            portal.locator(f"textarea[name={name}]").fill(value)
        portal.get_by_role("button", name=f"Send D{discipline} for review").click()
        portal.get_by_text(f"Your answer to D{discipline} is sent for review").wait_for()

    def review(discipline, action="Accept", comment=""):
        page.goto(staff_url)
        if comment:
            page.locator(f"#comment-d{discipline}").fill(comment)
        page.get_by_role("button", name=f"{action} D{discipline}").click()
        page.wait_for_url(staff_url)

    for discipline in range(1, 9):
        extra = {}
        if discipline == 2:
            extra["is_not"] = "Not on press 2"
        if discipline == 4:
            portal.goto(portal_url)
            portal.get_by_label("Next why").fill("Why burrs?")
            portal.get_by_label("Because", exact=True).fill("Worn die")
            portal.get_by_role("button", name="Add the why").click()
            portal.wait_for_url(re.compile(rf"{portal_url}$"))
            extra["escape_point"] = "Sampling"
        answer(discipline, f"Answer to D{discipline}", **extra)
        if discipline == 4:
            review(4, "Return", "Say why the goods-out check missed it")
            portal.goto(portal_url)
            assert "Say why the goods-out check missed it" in portal.content()
            answer(4, "Worn die; goods-out sampled one part", escape_point="Sampling plan")
        review(discipline)

    # D8 accepted: the 8D awaits its effectiveness check, which its owner may not record.
    page.goto(staff_url)
    expect(page.get_by_text("Awaiting effectiveness check").first).to_be_visible()
    with org_scope(organization):
        scar.refresh_from_db()
        owner = scar.owner.email
    assert scar.state == "effectiveness_check" and scar.effectiveness_due_on is not None
    checker_email = next(
        email for email in ("admin@acme.example", "manager@acme.example") if email != owner
    )
    if owner == "manager@acme.example":
        page.get_by_role("button", name="Effective", exact=True).click()
        page.get_by_label("Note").fill("Three lots since, no burrs.")
        page.get_by_role("button", name="Save the step").click()
        expect(page.get_by_text("someone other than the 8D's owner")).to_be_visible()

    checker = new_page()
    sign_in(checker, checker_email)
    checker.wait_for_url(re.compile("/o/acme/$"))
    checker.goto(staff_url)
    checker.get_by_role("button", name="Effective", exact=True).click()
    checker.get_by_label("Note").fill("Three lots since, no burrs.")
    checker.get_by_role("button", name="Save the step").click()
    expect(checker.get_by_text("it cannot be recorded before")).to_be_visible()

    # Months later the check falls due (no service moves a due date: the clock is moved
    # on the record).
    with org_scope(organization):
        SupplierCorrectiveAction.objects.filter(pk=scar.pk).update(
            effectiveness_due_on=scar.issued_at.date()
        )
    checker.goto(staff_url)
    checker.get_by_role("button", name="Effective", exact=True).click()
    checker.get_by_label("Note").fill("Three lots since, no burrs.")
    checker.get_by_role("button", name="Save the step").click()
    checker.wait_for_url(staff_url)
    expect(checker.get_by_text("Effective, awaiting closure").first).to_be_visible()
    checker.get_by_role("button", name="Close (signed)", exact=True).click()
    checker.get_by_label("Your password").fill(DEMO_PASSWORD)
    checker.get_by_role("button", name="Save the step").click()
    checker.wait_for_url(staff_url)
    expect(checker.get_by_text("Signed by")).to_be_visible()
    expect(checker.get_by_text("Three lots since, no burrs.").first).to_be_visible()
    with org_scope(organization):
        scar.refresh_from_db()
        assert scar.state == "closed"
        assert scar.closure_signature.signer.email == checker_email != owner
        result = ScorecardResult.objects.filter(supplier=supplier, car_count__gt=0).first()
    assert result is not None and result.car_on_time_count >= 1

    # The supplier's responsiveness on its scorecard now counts the steps answered on time.
    checker.goto(scorecard_url)
    expect(checker.get_by_text(responsiveness).first).to_be_visible()
    expect(checker.get_by_text(re.compile(r"\b100 %")).first).to_be_visible()
