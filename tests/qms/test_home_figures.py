"""The home's KPI figures are kept between views and read again as soon as any record of
the organisation changes (never left to expire): the OTIF tile moves with the next
delivery, and a second view reads no delivery."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from qms.services import objectives as objective_services
from relmgmt.core.dates import organization_today
from suppliers.services import deliveries as delivery_services
from tests.conftest import create_supplier
from tests.qms.test_home import _home, _tile


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def _otif(response) -> str:
    html = response.content.decode()
    block = html[html.index('<article data-kpi="otif">') :]
    start = block.index('data-kpi-value="') + len('data-kpi-value="')
    return block[start : block.index('"', start)]


def _deliver(org, actor, supplier, *, late: bool):
    today = organization_today(org)
    delivery_services.delivery_create(
        organization=org,
        actor=actor,
        data={
            "supplier": supplier,
            "order_reference": "PO-1",
            "item": "Bracket",
            "promised_date": today - timedelta(days=3 if late else 0),
            "received_date": today,
            "quantity_ordered": 10,
            "quantity_received": 10,
        },
    )


def test_the_figures_are_kept_and_read_again_after_any_change(org, manager, client_for):
    client = client_for(manager)
    supplier = create_supplier(org)
    _deliver(org, manager.user, supplier, late=False)
    assert _otif(_home(client, org)) == "100.0"
    with CaptureQueriesContext(connection) as queries:
        assert _otif(_home(client, org)) == "100.0"
    assert not [q for q in queries.captured_queries if "suppliers_delivery" in q["sql"]]

    _deliver(org, manager.user, supplier, late=True)
    assert _otif(_home(client, org)) == "50.0"
    count, url = _tile(_home(client, org), "parties_overdue_review")
    assert count == 0 and url.startswith(
        reverse("parties:review_due_list", kwargs={"org_slug": org.slug})
    )


def test_an_objective_s_status_on_the_home_follows_the_data(org, manager, client_for):
    today = organization_today(org)
    objective_services.objective_create(
        organization=org,
        actor=manager.user,
        data={
            "title": "On time",
            "kpi": "otif",
            "target": 90,
            "period_start": today.replace(month=1, day=1),
            "period_end": today.replace(month=12, day=31),
            "owner": manager.user,
        },
    )
    client = client_for(manager)
    supplier = create_supplier(org)
    _deliver(org, manager.user, supplier, late=False)
    assert b"On target" in _home(client, org).content
    _deliver(org, manager.user, supplier, late=True)
    assert b"Below target" in _home(client, org).content
