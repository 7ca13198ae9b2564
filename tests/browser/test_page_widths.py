"""No page is wider than the window, on a laptop and on a phone: tables scroll inside
their own box, the menu folds into a button on a narrow screen."""

import re

import pytest
from playwright.sync_api import expect

from relmgmt.demo.seed import seed_demo
from tests.support.demo_snapshot import demo_seeded

from .test_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (1366, 390)
STAFF_PAGES = [
    "/o/acme/",
    "/o/acme/parties/",
    "/o/acme/parties/overview/",
    "/o/acme/parties/risks/",
    "/o/acme/parties/reviews/due/",
    "/o/acme/suppliers/",
    "/o/acme/suppliers/approved/",
    "/o/acme/suppliers/history/import/",
    "/o/acme/suppliers/certificates/",
    "/o/acme/suppliers/scorecards/",
    "/o/acme/suppliers/scorecards/results/",
    "/o/acme/suppliers/scorecards/criteria/",
    "/o/acme/suppliers/reevaluations/",
    "/o/acme/suppliers/performance-reviews/",
    "/o/acme/suppliers/agreements/",
    "/o/acme/suppliers/continuity/",
    "/o/acme/deliveries/",
    "/o/acme/questionnaires/",
    "/o/acme/complaints/",
    "/o/acme/surveys/",
    "/o/acme/surveys/templates/",
    "/o/acme/surveys/results/",
    "/o/acme/reminders/",
    "/o/acme/qms/objectives/",
    "/o/acme/qms/reviews/",
    "/o/acme/qms/evidence/",
    "/o/acme/audit/",
    "/o/acme/members/",
    "/o/acme/settings/",
]
PORTAL_PAGES = [
    "/portal/acme/",
    "/portal/acme/questionnaires/",
    "/portal/acme/scorecard/",
    "/portal/acme/profile/",
    "/portal/acme/certificates/",
    "/portal/acme/requests/",
]
WIDER_THAN_THE_WINDOW = (
    "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
)


def overflow(page, paths) -> dict:
    wider = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for path in paths:
            response = page.goto(path)
            assert response.status == 200, path
            extra = page.evaluate(WIDER_THAN_THE_WINDOW)
            if extra > 0:
                wider[(width, path)] = extra
    return wider


def test_no_staff_page_is_wider_than_the_window(page):
    demo_seeded()
    sign_in(page, "admin@acme.example")
    page.wait_for_url(re.compile("/o/acme/$"))
    wider = overflow(page, STAFF_PAGES)
    assert wider == {}, sorted(wider.items())


def test_no_portal_page_is_wider_than_the_window(page):
    demo_seeded()
    sign_in(page, "supplier@acme.example")
    page.wait_for_url(re.compile("/portal/acme/$"))
    wider = overflow(page, PORTAL_PAGES)
    assert wider == {}, sorted(wider.items())


def test_on_a_phone_the_menu_folds_behind_a_button(page):
    seed_demo(records=False)
    sign_in(page, "manager@acme.example")
    page.wait_for_url(re.compile("/o/acme/$"))
    menu = page.get_by_role("navigation", name="Main")
    page.set_viewport_size({"width": 390, "height": 900})
    expect(menu.get_by_role("link", name="Suppliers")).to_be_hidden()
    menu.get_by_role("button", name="Menu").click()
    assert menu.get_by_role("button", name="Menu").get_attribute("aria-expanded") == "true"
    menu.get_by_role("link", name="Suppliers").click()
    page.wait_for_url(re.compile("/o/acme/suppliers/$"))
    page.set_viewport_size({"width": 1366, "height": 900})
    expect(menu.get_by_role("link", name="Parties")).to_be_visible()
    expect(menu.get_by_role("button", name="Menu")).to_be_hidden()
