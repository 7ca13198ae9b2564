"""What the customers app adds to the platform (``relmgmt.core.extensions``), registered
from ``CustomersConfig.ready()``."""

from celery.schedules import crontab
from django.urls import reverse

from relmgmt.core import extensions as ext

API_ROUTES = [
    ("customer-revenue", "customers.api.revenue.RevenueViewSet", "api-customer-revenue"),
]


def _no_arguments(record) -> dict:
    return {}


def _party_page(record) -> dict:
    return {"pk": record.party_id}


def _party_revenue(request, party) -> list[tuple[str, str, str]]:
    """The party's revenue over the last four quarters, linked to its rows."""
    from customers.selectors.periods import QUARTER, Period, index_of
    from customers.selectors.revenue import party_trend
    from relmgmt.core.dates import organization_today

    today = organization_today(request.organization)
    start = Period(QUARTER, index_of(today, QUARTER) - 3).start
    trend = party_trend(organization=request.organization, party=party, start=start, end=today)
    if not any(amount for _label, amount in trend):
        return []
    text = " · ".join(f"{label}: {amount:,.0f}" for label, amount in trend)
    url = reverse("customers:revenue_list", kwargs={"org_slug": request.organization.slug})
    return [("Revenue", text, f"{url}?party={party.pk}")]


def register() -> None:
    from customers.kpis import KPIS
    from customers.organization_settings import CustomerFigures

    ext.organization_urls.register(ext.UrlModule("customers.urls"))
    for order, (prefix, viewset, basename) in enumerate(API_ROUTES):
        ext.api_routes.register(ext.ApiRoute(prefix, viewset, basename, order=400 + order))
    ext.periodic_tasks.register(
        ext.PeriodicTask(
            "follow-up-lapsed-customers",
            "customers.tasks.dispatch_lapsed_customers",
            crontab(hour=6, minute=41),
        )
    )
    ext.navigation.register(
        ext.NavEntry("customers", "Customers", "customers:figures", "records.view", 25)
    )
    ext.import_kinds.register(
        ext.ImportKindPath("customer_revenue", "customers.services.revenue.IMPORT")
    )
    for model in ("customers.revenue", "customers.loss"):
        ext.record_pages.register(
            ext.RecordPage(
                model, "customers:revenue_list", _no_arguments, select_related=("party",)
            )
        )
    # A customer lost by the revenue gap is shown on its party's page (its note, the follow-up).
    ext.record_pages.register(
        ext.RecordPage(
            "customers.lapse", "parties:party_detail", _party_page, select_related=("party",)
        )
    )
    ext.record_links.register(ext.RecordLink("customer-revenue", "parties.party", _party_revenue))
    ext.settings_sections.register(CustomerFigures())
    for kpi in KPIS:
        ext.kpis.register(kpi)
