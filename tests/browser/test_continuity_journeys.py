"""Supply continuity, contract compliance and complaint handling figures in a real browser
on the demo data: the new panels render without a CSP violation or console error (the
page fixture fails on either) and fit the window, on a laptop and on a phone."""

import re

import pytest

from relmgmt.core.scoping import org_scope
from relmgmt.tenancy.models import Organization
from suppliers.models import Agreement, Supplier
from tests.support.demo_snapshot import demo_seeded

from .panels import reveal
from .test_journeys import sign_in
from .test_page_widths import overflow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_new_panels_render_and_fit(page):
    demo_seeded()
    organization = Organization.objects.get(slug="acme")
    with org_scope(organization):
        tooling = Supplier.objects.get(code="SUP-009").pk
        agreement = Agreement.objects.get(contract_reference="SA-2025-001").pk
    sign_in(page, "manager@acme.example")
    page.wait_for_url(re.compile("/o/acme/$"))
    page.goto("/o/acme/suppliers/continuity/")
    categories = page.locator("#category-tooling").inner_text()
    assert "single source" in categories and "in evaluation" in categories
    assert "test due" in page.locator("#category-tooling").inner_text()
    page.goto(f"/o/acme/suppliers/{tooling}/")
    reveal(page, "continuity")
    assert "single source" in page.locator("#continuity").inner_text()
    page.goto("/o/acme/parties/risks/")
    assert "Tooling and equipment" in page.locator("main").inner_text()
    page.goto(f"/o/acme/suppliers/agreements/{agreement}/")
    assert "Q" in page.locator("#compliance").inner_text()
    page.goto("/o/acme/complaints/")
    assert "First-contact resolution" in page.locator("main").inner_text()
    wider = overflow(
        page,
        [
            f"/o/acme/suppliers/{tooling}/",
            f"/o/acme/suppliers/agreements/{agreement}/",
            "/o/acme/suppliers/continuity/plans/new/",
            "/o/acme/suppliers/continuity/categories/tooling/backup/",
        ],
    )
    assert wider == {}, sorted(wider.items())
