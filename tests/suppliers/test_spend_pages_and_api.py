"""Spend per supplier through the pages (enter, change, delete with a reason, import with
preview and row errors), the API (create, list with filters, change, delete, refusals with
field names), the setting on the settings page, the reason of the flag where the flag is
shown (register, supplier page, continuity page and export, risks, API), and constant
query counts."""

import io
import itertools
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from relmgmt.audit.models import AuditEvent
from relmgmt.core.dates import organization_today
from relmgmt.core.scoping import org_scope
from suppliers.models import SupplierSpend
from suppliers.services import spend as services
from tests.support.lazy_panels import with_panels

from .helpers_reviews import approved

pytestmark = pytest.mark.django_db


def count(org):
    with org_scope(org):
        return SupplierSpend.objects.filter(organization=org).count()


def fields(response) -> dict:
    return response.json()["error"]["fields"]


def last_year(org):
    return organization_today(org).year - 1


def test_a_manager_enters_changes_and_deletes_spend(org, manager, auditor, make_supplier,
                                                     client_for):  # fmt: skip
    supplier = make_supplier(org, code="LOG-1", categories=["logistics"])
    client = client_for(manager)
    base = f"/o/{org.slug}/suppliers/spend/"
    data = {"supplier": supplier.pk, "category": "tooling", "year": last_year(org), "amount": "5"}
    response = client.post(base + "new/", data)
    assert response.status_code == 200
    assert "LOG-1 is not registered as supplying Tooling" in response.content.decode()
    data["category"] = "logistics"
    data["year"] = organization_today(org).year + 1
    assert "Give a calendar year" in client.post(base + "new/", data).content.decode()
    data["year"] = last_year(org)
    assert client.post(base + "new/", data).status_code == 302 and count(org) == 1
    again = client.post(base + "new/", data).content.decode()
    assert "already entered for the year" in again and count(org) == 1
    with org_scope(org):
        spend = SupplierSpend.objects.get()
    response = client.post(f"{base}{spend.pk}/edit/", {**data, "amount": "7.50", "reason": "Typo"})
    assert response.status_code == 302
    page = client.get(base, {"category": "logistics", "year": last_year(org)}).content.decode()
    assert "7.50" in page and "LOG-1" in page and "more than 80%" in page
    assert "No spend is recorded" in client.get(base, {"category": "tooling"}).content.decode()
    assert client.post(f"{base}{spend.pk}/delete/", {"reason": ""}).status_code == 200
    assert client.post(f"{base}{spend.pk}/delete/", {"reason": "Wrong"}).status_code == 302
    assert count(org) == 0
    with org_scope(org):
        actions = list(
            AuditEvent.objects.filter(model_label="suppliers.supplierspend")
            .order_by("id")
            .values_list("action", flat=True)
        )
    assert len(actions) == 3
    reader = client_for(auditor)
    assert reader.get(base).status_code == 200
    assert reader.get(base + "new/").status_code == 403


def test_the_import_previews_row_errors_then_imports(org, manager, make_supplier, client_for,
                                                     confirm_import):  # fmt: skip
    make_supplier(org, code="LOG-1", categories=["logistics"])
    make_supplier(org, code="LOG-2", categories=["logistics", "packaging"])
    year = last_year(org)
    client = client_for(manager)
    base = f"/o/{org.slug}/suppliers/spend/import/"
    content = (
        "supplier_code,category,year,amount\n"
        f"LOG-1,logistics,{year},850\n"
        f"log-2,Logistics and transport,{year},150.25\n"
        f"NOPE,logistics,{year},1\n"
        f"LOG-1,packaging,{year},1\n"
        f"LOG-2,packaging,{year + 5},1\n"
        f"LOG-2,packaging,{year},-3\n"
        f"LOG-1,logistics,{year},2\n"
    ).encode()
    response = client.post(base, {"file": SimpleUploadedFile("spend.csv", content)})
    assert response.status_code == 302
    page = client.get(base + "preview/").content.decode()
    assert "2 valid" in page and "No supplier has the code NOPE" in page
    assert "not registered as supplying Packaging" in page and "negative" in page
    assert "already entered for the year" in page and "Year must be a whole number" in page
    token = client.session["suppliers_spend_import_supplier_spend"]["token"]
    response = confirm_import(
        client,
        base + "preview/",
        {"token": token, "action": "import", "skip_invalid": "on", "expected": "2"},
    )
    assert response.status_code == 302 and count(org) == 2
    with org_scope(org):
        amounts = sorted(SupplierSpend.objects.values_list("amount", flat=True))
        audited = AuditEvent.objects.filter(model_label="suppliers.supplierspend").count()
    assert amounts == [Decimal("150.25"), Decimal(850)] and audited == 2
    template = client.get(base + "template.csv").content.decode()
    assert template.lstrip("\ufeff").startswith("supplier_code,category,year,amount")


def test_the_api_creates_lists_filters_changes_and_deletes(org, manager, auditor, make_supplier,
                                                          api_client_for):  # fmt: skip
    supplier = make_supplier(org, code="LOG-1", categories=["logistics", "tooling"])
    client = api_client_for(manager)
    base = f"/api/v1/o/{org.slug}/supplier-spend/"
    year = last_year(org)
    row = {"supplier": supplier.pk, "category": "logistics", "year": year, "amount": "120.00"}
    created = client.post(base, row, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["supplier_code"] == "LOG-1"
    client.post(base, {**row, "category": "tooling", "year": year - 1}, format="json")
    bad = client.post(base, {**row, "amount": "-1", "year": year + 2}, format="json")
    assert bad.status_code == 400 and {"amount", "year"} <= set(fields(bad))
    bad = client.post(base, {**row, "category": "packaging"}, format="json")
    assert bad.status_code == 400 and "not registered as supplying" in fields(bad)["category"][0]
    taken = client.post(base, row, format="json")
    assert taken.status_code == 400 and "already entered" in fields(taken)["year"][0]
    assert client.post(base, {**row, "supplier": 10**9}, format="json").status_code == 400
    assert client.get(base).json()["count"] == 2
    listed = client.get(base, {"category": "tooling"}).json()
    assert [item["year"] for item in listed["results"]] == [year - 1]
    assert client.get(base, {"year": year, "supplier": supplier.pk}).json()["count"] == 1
    assert client.get(base, {"since": year}).json()["count"] == 1
    spend_id = created.json()["id"]
    changed = client.patch(f"{base}{spend_id}/", {"amount": "99.5", "reason": "Credit note"},
                           format="json")  # fmt: skip
    assert changed.status_code == 200 and changed.json()["amount"] == "99.50"
    assert client.delete(f"{base}{spend_id}/").status_code == 400
    assert client.delete(f"{base}{spend_id}/?reason=Typo").status_code == 204
    reader = api_client_for(auditor)
    assert reader.get(base).status_code == 200
    assert reader.post(base, row, format="json").status_code == 403


def test_the_reason_is_shown_wherever_the_flag_is(org, manager, make_supplier, client_for,
                                                  api_client_for):  # fmt: skip
    big = approved(org, manager.user, make_supplier, code="LOG-1", categories=["logistics"],
                   criticality="critical")  # fmt: skip
    small = approved(org, manager.user, make_supplier, code="LOG-2", categories=["logistics"])
    year = last_year(org)
    for supplier, amount in ((big, 850), (small, 150)):
        services.spend_create(
            organization=org, actor=manager.user,
            data={"supplier": supplier, "category": "logistics", "year": year,
                  "amount": Decimal(amount)},
        )  # fmt: skip
    reason = f"85% of {year} spend with LOG-1"
    client = client_for(manager)
    listing = client.get(f"/o/{org.slug}/suppliers/").content.decode()
    assert f"single source: Logistics and transport ({reason})" in listing
    detail = with_panels(client, f"/o/{org.slug}/suppliers/{big.pk}/")
    assert f"single source: {reason}" in detail
    page = client.get(f"/o/{org.slug}/suppliers/continuity/").content.decode()
    assert f"single source: {reason}" in page and "more than 80%" in page
    risks = client.get(f"/o/{org.slug}/parties/risks/").content.decode()
    assert "Supply continuity risks" in risks and reason in risks
    sheet = load_workbook(
        io.BytesIO(client.get(f"/o/{org.slug}/suppliers/continuity/export.xlsx").content)
    ).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][4:6] == ("Single source", "Single source because")
    assert rows[1][4:6] == ("yes", reason)
    register = load_workbook(
        io.BytesIO(client.get(f"/o/{org.slug}/suppliers/export.xlsx").content)
    ).active
    values = list(register.iter_rows(values_only=True))
    column = values[0].index("Single source of")
    assert f"Logistics and transport ({reason})" in [row[column] for row in values[1:]]
    data = api_client_for(manager).get(f"/api/v1/o/{org.slug}/supply-continuity/").json()
    row = next(item for item in data if item["category"] == "logistics")
    assert row["single_source"] is True and row["single_source_reason"] == reason
    assert row["single_source_supplier"] == big.pk and row["spend_year"] == year
    assert row["spend_leader_share"] == 85.0 and row["at_risk"] is True
    register_today = (
        api_client_for(manager)
        .get(f"/api/v1/o/{org.slug}/suppliers/as-of/", {"date": str(organization_today(org))})
        .json()
    )
    listed = next(item for item in register_today["results"] if item["code"] == "LOG-1")
    assert listed["single_source"] == ["logistics"]
    assert listed["single_source_reasons"] == {"logistics": reason}


def test_the_share_is_set_on_the_settings_page(org, admin, manager, client_for):
    client = client_for(admin)
    page = client.get(f"/o/{org.slug}/settings/").content.decode()
    assert 'name="single_source_share"' in page and 'value="80"' in page
    form = {"name": org.name, "timezone": org.timezone, "single_source_share": "40"}
    refused = client.post(f"/o/{org.slug}/settings/", form)
    assert refused.status_code == 200 and "single_source_share" in refused.content.decode()
    org.refresh_from_db()
    assert "single_source_share" not in (org.settings or {})


def test_the_spend_page_makes_as_many_queries_with_more_rows(
    org, manager, make_supplier, client_for, assert_constant_queries
):
    numbers = itertools.count()
    year = last_year(org)

    def grow():
        for _ in range(4):
            supplier = make_supplier(org, categories=["logistics", "tooling"])
            for category in ("logistics", "tooling"):
                services.spend_create(
                    organization=org, actor=manager.user,
                    data={"supplier": supplier, "category": category,
                          "year": year - next(numbers) % 3, "amount": Decimal(10)},
                )  # fmt: skip

    grow()
    client = client_for(manager)
    assert_constant_queries(client, f"/o/{org.slug}/suppliers/spend/", grow=grow)
    assert_constant_queries(client, f"/o/{org.slug}/suppliers/", grow=grow)
