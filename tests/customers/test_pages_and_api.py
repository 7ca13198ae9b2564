"""Revenue through the pages (enter, import with preview and row errors, mark lost), the
figures page with its chart, table and exports, the API of rows and figures with the same
filters, the party page's trend, and constant query counts."""

import itertools
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from customers.models import Loss, Revenue
from parties.models import FollowUp
from relmgmt.audit.models import AuditEvent
from relmgmt.core.scoping import org_scope
from tests.customers.helpers import customer, quarter, revenue

pytestmark = pytest.mark.django_db


def count(org, model=Revenue):
    with org_scope(org):
        return model.objects.filter(organization=org).count()


def test_a_manager_enters_revenue_and_marks_a_customer_lost(org, manager, client_for):
    party = customer(org, "Acme", owner=manager.user)
    client = client_for(manager)
    data = {"party": party.pk, "period_start": "2026-02-02", "period_kind": "month", "amount": "5"}
    response = client.post(f"/o/{org.slug}/customers/revenue/new/", data)
    assert response.status_code == 200 and "first of a month" in response.content.decode()
    data["period_start"] = "2026-02-01"
    response = client.post(f"/o/{org.slug}/customers/revenue/new/", data)
    assert response.status_code == 302 and count(org) == 1
    with org_scope(org):
        assert AuditEvent.objects.filter(model_label="customers.revenue").count() == 1
    response = client.post(
        f"/o/{org.slug}/customers/lost/new/",
        {
            "party": party.pk,
            "lost_on": "2026-03-01",
            "reason": "Went to a competitor",
            "learned_by": "call",
        },
    )
    assert response.status_code == 302 and count(org, Loss) == 1
    with org_scope(org):
        follow_up = FollowUp.objects.get(interaction__party=party)
    assert follow_up.owner == manager.user and "winning them back" in follow_up.description
    page = client.get(f"/o/{org.slug}/records/parties.party/{party.pk}/links/").content.decode()
    assert "Revenue" in page


def test_an_auditor_reads_but_does_not_enter(org, auditor, client_for):
    client = client_for(auditor)
    page = client.get(f"/o/{org.slug}/customers/figures/")
    assert page.status_code == 200 and "How the figures are computed" in page.content.decode()
    assert client.get(f"/o/{org.slug}/customers/revenue/new/").status_code == 403


def test_the_import_previews_row_errors_then_imports(org, manager, client_for, confirm_import):
    customer(org, "Acme")
    client = client_for(manager)
    base = f"/o/{org.slug}/customers/revenue/import/"
    content = (
        b"customer,period_start,amount,period_kind,category_spend,margin\n"
        b"Acme,2026-01-01,100,month,400,20\n"
        b"Nobody,2026-01-01,100,,,\n"
        b"Acme,2026-02-01,-3,,,\n"
    )
    response = client.post(base, {"file": SimpleUploadedFile("r.csv", content)})
    assert response.status_code == 302
    page = client.get(base + "preview/").content.decode()
    assert "1 valid" in page and "No party is named Nobody" in page and "negative" in page
    token = client.session["customers_revenue_import_customer_revenue"]["token"]
    response = confirm_import(
        client,
        base + "preview/",
        {"token": token, "action": "import", "skip_invalid": "on", "expected": "1"},
    )
    assert response.status_code == 302 and count(org) == 1
    assert client.get(base + "template.csv").content.decode().startswith("customer,")


def test_the_figures_page_chart_table_and_exports(org, manager, client_for):
    party = customer(org, "Acme", tier="strategic")
    revenue(org, party, quarter(2025, 1), 100, kind="quarter", margin=10)
    client = client_for(manager)
    query = "grain=quarter&start=2025-01-01&end=2025-12-31&segment=tier"
    page = client.get(f"/o/{org.slug}/customers/figures/?{query}").content.decode()
    assert "<svg" in "".join(page.split()) or "<svg" in page
    assert "2025 Q4" in page and "How the figures are computed" in page
    assert "style=" not in page.split("<main", 1)[-1]
    csv = client.get(f"/o/{org.slug}/customers/figures/export.csv?{query}").content.decode()
    lines = csv.lstrip("\ufeff").strip().splitlines()
    assert lines[0].startswith("Segment,Period") and len(lines) == 5
    assert lines[1].startswith("Strategic,2025 Q1,0,1,1,0,0")
    assert lines[3].startswith("Strategic,2025 Q3,1,0,0,0,1,0,0.0,100.0")  # lost after 2
    assert lines[4].startswith("Strategic,2025 Q4,0,0,0,0,0,0,,,")
    xlsx = client.get(f"/o/{org.slug}/customers/figures/export.xlsx?{query}")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


def test_the_api_writes_rows_and_reads_figures_with_the_same_filters(org, manager, api_client_for):
    party = customer(org, "Acme", tier="managed")
    client = api_client_for(manager)
    base = f"/api/v1/o/{org.slug}"
    response = client.post(
        f"{base}/customer-revenue/",
        {
            "party": party.pk,
            "period_start": "2025-04-01",
            "period_kind": "quarter",
            "amount": "300.00",
            "category_spend": "600.00",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    bad = client.post(
        f"{base}/customer-revenue/",
        {"party": party.pk, "period_start": "2025-05-01", "amount": "1.00"},
        format="json",
    )
    assert bad.status_code == 400  # a month of a quarter already entered
    window = {"start": "2025-01-01", "end": "2025-06-30"}
    figures = client.get(f"{base}/customer-revenue/figures/", {**window, "tier": "managed"}).json()
    assert [row["active"] for row in figures["rows"]] == [0, 1]
    assert figures["rows"][1]["share_of_wallet"] == 50.0
    other = client.get(
        f"{base}/customer-revenue/figures/",
        {"start": "2025-01-01", "end": "2025-06-30", "tier": "strategic"},
    ).json()
    assert [row["active"] for row in other["rows"]] == [0, 0]
    assert client.get(f"{base}/customer-revenue/figures/", {"grain": "year"}).status_code == 400
    revenue_id = response.json()["id"]
    assert client.delete(f"{base}/customer-revenue/{revenue_id}/").status_code == 400
    assert client.delete(f"{base}/customer-revenue/{revenue_id}/?reason=Typo").status_code == 204


def test_pages_make_as_many_queries_with_more_rows(
    org, manager, client_for, assert_constant_queries
):
    client = client_for(manager)
    first = customer(org, "First")
    revenue(org, first, date(2025, 1, 1), 10)

    names = iter(range(1000))

    def grow():
        for n in itertools.islice(names, 5):
            party = customer(org, f"More {n}", tier="strategic")
            for month in (1, 2, 5):
                revenue(org, party, date(2025, month, 1), Decimal(10 + n))

    query = "?start=2025-01-01&end=2025-12-31&segment=tier"
    assert_constant_queries(client, f"/o/{org.slug}/customers/revenue/", grow=lambda: None)
    assert_constant_queries(client, f"/o/{org.slug}/customers/figures/{query}", grow=grow)
    assert_constant_queries(client, f"/o/{org.slug}/customers/revenue/", grow=grow)
