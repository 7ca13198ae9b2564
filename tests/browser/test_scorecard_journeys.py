"""Scorecard charts as people see them: drawn under the content security policy."""

import re

import pytest

from tests.support.demo_snapshot import demo_seeded

from .test_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FILL = "element => getComputedStyle(element).fill"


def test_a_manager_sees_the_standings_shares_and_a_suppliers_trend_in_colour(page):
    demo_seeded()
    sign_in(page, "manager@acme.example")
    page.wait_for_url(re.compile("/o/acme/$"))
    page.goto("/o/acme/suppliers/scorecards/")
    bars = page.locator("svg.standing-bar rect")
    assert bars.count() >= 1
    widths = [float(bar.get_attribute("width")) for bar in bars.all()]
    assert any(width > 0 for width in widths)
    assert all(bar.evaluate(FILL) not in ("none", "rgb(0, 0, 0)") for bar in bars.all())

    page.goto("/o/acme/suppliers/")
    page.get_by_role("link", name="Northwind Castings").first.click()
    page.wait_for_url(re.compile(r"/o/acme/suppliers/\d+/$"))
    page.goto(page.url + "scorecard/")
    band = page.locator(".scorecard-trend rect.band-poor")
    assert band.count() == 1
    # The bands are tints, not the black an unstyled rectangle is filled with.
    assert band.evaluate(FILL) != "rgb(0, 0, 0)"
    assert band.evaluate("element => getComputedStyle(element).fillOpacity") != "1"


def test_a_supplier_sees_its_own_trend_in_colour_in_the_portal(page):
    demo_seeded()
    sign_in(page, "supplier@acme.example")
    page.wait_for_url(re.compile("/portal/acme/$"))
    page.get_by_role("navigation", name="Portal").get_by_role("link", name="Scorecard").click()
    page.wait_for_url(re.compile("/portal/acme/scorecard/$"))
    band = page.locator(".scorecard-trend rect.band-good")
    assert band.count() == 1
    assert band.evaluate(FILL) != "rgb(0, 0, 0)"
