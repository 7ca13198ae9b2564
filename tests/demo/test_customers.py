"""The demo's customer revenue: two years per customer, some lost (one by the revenue gap,
with a follow-up for its owner), one won back."""

from datetime import timedelta

from customers.models import Lapse, Loss, Revenue
from customers.selectors.figures import customer_figures
from relmgmt.core.dates import organization_today
from relmgmt.core.scoping import org_scope
from relmgmt.tenancy.models import Organization


def test_the_demo_has_two_years_of_revenue_with_losses_and_a_customer_won_back(db):
    organization = Organization.objects.get(slug="acme")
    with org_scope(organization):
        revenue = Revenue.objects.filter(organization=organization)
        assert revenue.values("party").distinct().count() >= 4
        months = set(revenue.values_list("month_index", flat=True))
        assert len(months) == 24
        assert Loss.objects.filter(organization=organization).count() == 1
        # The one that stopped buying is lost by the gap: its owner has a follow-up.
        lapsed = Lapse.objects.filter(organization=organization).select_related("follow_up")
        assert lapsed.count() == 1 and lapsed.get().follow_up is not None
    today = organization_today(organization)
    figures = customer_figures(
        organization=organization, start=today - timedelta(days=730), end=today, grain="month"
    ).segment_rows()
    assert sum(row.won_back for row in figures) >= 1
    assert sum(row.lost for row in figures) >= 2
