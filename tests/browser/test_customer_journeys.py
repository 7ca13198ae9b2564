"""Customer figures in a real browser on the demo data: the manager opens them from the
menu, the chart is drawn in colour from the stylesheet (not the black of an unstyled
shape), lifetime value states its method, a segment can be chosen, and the pages fit the
window on a laptop and on a phone; marking a customer lost gives its owner a follow-up."""

import re

import pytest
from playwright.sync_api import expect

from customers.models import Loss, Revenue
from parties.models import FollowUp, Party
from relmgmt.core.dates import organization_today
from relmgmt.core.scoping import org_scope
from relmgmt.tenancy.models import Organization
from tests.support.demo_snapshot import demo_seeded

from .test_journeys import sign_in
from .test_page_widths import overflow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BLACK = {"rgb(0, 0, 0)", "#000000", "black"}


def test_a_manager_reads_the_customer_figures_and_marks_a_customer_lost(page):
    demo_seeded()
    organization = Organization.objects.get(slug="acme")
    sign_in(page, "manager@acme.example")
    page.wait_for_url(re.compile("/o/acme/$"))
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Customers").click()
    page.wait_for_url(re.compile("/o/acme/customers/figures/"))
    expect(page.get_by_role("heading", name="Customer figures", level=1)).to_be_visible()

    bars = page.locator("svg.customer-chart rect.bar")
    assert bars.count() >= 4
    # The stylesheet's colours, not the text colour an unstyled shape inherits.
    text = page.locator("svg.customer-chart").first.evaluate("svg => getComputedStyle(svg).color")
    for shape in (bars.first, page.locator("svg.customer-chart circle.point").first):
        fill = shape.evaluate("shape => getComputedStyle(shape).fill")
        assert fill not in {*BLACK, text}, fill
    box = bars.first.bounding_box()
    assert box and box["height"] > 0
    assert "Customer lifetime value" in page.locator("main").inner_text()
    page.get_by_text("How the figures are computed").click()
    assert "1 / the average churn" in page.locator("main").inner_text()

    page.get_by_label("Breakdown").select_option("tier")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(re.compile("segment=tier"))
    assert page.locator("svg.customer-chart").count() >= 2  # one chart per tier

    wider = overflow(
        page,
        [
            "/o/acme/customers/figures/",
            "/o/acme/customers/figures/?grain=month",
            "/o/acme/customers/revenue/",
            "/o/acme/customers/lost/new/",
        ],
    )
    assert wider == {}, sorted(wider.items())

    # A customer marked lost after a call: its owner has a follow-up to win it back.
    with org_scope(organization):
        customer = (
            Party.objects.filter(pk__in=Revenue.objects.values("party"), owner__isnull=False)
            .exclude(pk__in=Loss.objects.values("party"))
            .order_by("name")
            .first()
        )
        before = FollowUp.objects.filter(owner=customer.owner).count()
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto("/o/acme/customers/lost/new/")
    page.get_by_label("Customer").select_option(str(customer.pk))
    page.get_by_label("Lost on").fill(organization_today(organization).isoformat())
    page.get_by_label("Reason").fill("Moved its purchasing to a group contract")
    page.get_by_label("Learned in").select_option("call")
    page.get_by_role("button", name="Mark lost").click()
    page.wait_for_url(re.compile("/o/acme/customers/figures/"))
    with org_scope(organization):
        assert FollowUp.objects.filter(owner=customer.owner).count() == before + 1
