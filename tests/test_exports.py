"""Exports of every register: exactly the rows the list shows under its filters and sort,
on all of its pages, in CSV and XLSX; neutralised formula cells; constant queries."""

import csv
import io
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from openpyxl import load_workbook

from parties.models import Need
from parties.services import register as party_services
from parties.services import risks as risk_services
from parties.views.register import PARTY_EXPORT
from parties.views.risks import RISK_EXPORT
from relmgmt.core.csv import safe_cell
from relmgmt.core.dates import organization_today
from relmgmt.core.exports import ListExport, _plain
from relmgmt.core.scoping import org_scope
from suppliers.demo.certificates import certificate_pdf
from suppliers.services import certificates as certificate_services
from suppliers.services import deliveries as delivery_services
from suppliers.services.scorecards import definitions
from suppliers.views.certificates import CERTIFICATE_EXPORT
from suppliers.views.deliveries import DELIVERY_EXPORT
from suppliers.views.questionnaires.sent import QUESTIONNAIRE_EXPORT
from suppliers.views.reevaluations import REEVALUATION_DUE_EXPORT
from suppliers.views.register import SUPPLIER_EXPORT
from suppliers.views.scorecards.results import RESULT_EXPORT

from .suppliers.helpers_reviews import approved
from .suppliers.questionnaire_helpers import build_template, send


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def _text(value) -> str:
    """A cell as text, the same whichever format it was read from."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = _plain(value)
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float | Decimal):
        return f"{float(value):g}"
    try:
        return f"{float(value):g}" if value.strip() else value
    except ValueError:
        return value


def csv_rows(response) -> list[list[str]]:
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def xlsx_rows(response) -> list[list]:
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def list_rows(client, org, export: ListExport, list_url: str, params: dict) -> list[list[str]]:
    """Every row the list page shows under ``params``, page after page, in the export's
    columns."""
    rows, number = [], 1
    while True:
        response = client.get(list_url, {**params, "page": number})
        assert response.status_code == 200
        page = response.context["page"]
        shown = list(page.object_list)
        if shown and isinstance(shown[0], dict) and export.values is None:
            # The page reads dictionaries; the export reads the same rows as instances.
            with org_scope(org):
                found = export.queryset(organization=org).in_bulk([row["pk"] for row in shown])
            shown = [found[row["pk"]] for row in shown]
        if export.prepare is not None:
            with org_scope(org):
                export.prepare(org, shown)
        rows += [[column.value(row) for column in export.columns] for row in shown]
        if not page.has_next():
            return rows
        number += 1


def assert_export_is_the_list(client, org, export, list_name, export_name, params) -> list:
    """The CSV and the XLSX export hold the list's rows, and the list page links to them
    with its filters."""
    kwargs = {"org_slug": org.slug}
    list_url = reverse(list_name, kwargs=kwargs)
    values = list_rows(client, org, export, list_url, params)
    assert values, "the filter should leave rows to compare"
    shown = [[_text(value) for value in row] for row in values]
    as_csv = [[_text(safe_cell(_plain(value))) for value in row] for row in values]
    for fmt, read, expected in (("csv", csv_rows, as_csv), ("xlsx", xlsx_rows, shown)):
        response = client.get(reverse(export_name, kwargs={**kwargs, "fmt": fmt}), params)
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith(
            f'attachment; filename="{export.name}-{org.slug}-'
        )
        rows = read(response)
        assert rows[0] == export.headers()
        assert [[_text(cell) for cell in row] for row in rows[1:]] == expected, fmt
    page = client.get(list_url, params).content.decode()
    link = reverse(export_name, kwargs={**kwargs, "fmt": "csv"})
    assert f'href="{link}?' in page
    return shown


# --- each register ----------------------------------------------------------------------


def test_the_supplier_export_is_every_page_of_the_filtered_list(
    org, manager, auditor, make_supplier, client_for
):
    for n in range(28):
        make_supplier(org, code=f"KEEP-{n:02d}", name=f"Kept {n}", criticality="major")
    make_supplier(org, code="DROP-1", name="Dropped", criticality="major")
    make_supplier(org, code="KEEP-LOW", name="Kept low", criticality="minor")
    shown = assert_export_is_the_list(
        client_for(auditor),
        org,
        SUPPLIER_EXPORT,
        "suppliers:supplier_list",
        "suppliers:supplier_export",
        {"q": "keep", "criticality": "major", "o": "-code"},
    )
    assert len(shown) == 28  # two pages of the list
    assert [row[0] for row in shown] == [f"KEEP-{n:02d}" for n in reversed(range(28))]


def test_the_certificate_export_follows_expired_or_expiring_within_30_days(
    org, manager, auditor, make_supplier, client_for
):
    today = organization_today(org)

    def add(supplier, days):
        return certificate_services.certificate_create(
            organization=org,
            actor=manager.user,
            supplier=supplier,
            data={
                "type": "iso_9001",
                "issuer": "BSI",
                "number": f"N-{supplier.code}",
                "valid_from": today - timedelta(days=500),
                "valid_to": today + timedelta(days=days),
            },
            upload=ContentFile(certificate_pdf("ISO 9001"), name="iso.pdf"),
        )

    for code, days in (("SOON", 20), ("GONE", -10), ("LATER", 200)):
        add(make_supplier(org, code=code), days)
    shown = assert_export_is_the_list(
        client_for(auditor),
        org,
        CERTIFICATE_EXPORT,
        "suppliers:certificate_list",
        "suppliers:certificate_export",
        {"expiry": "expired_or_30"},
    )
    assert [(row[1], row[7]) for row in shown] == [("GONE", "Expired"), ("SOON", "Expiring")]


def test_the_delivery_export_follows_the_filters(org, manager, auditor, make_supplier, client_for):
    supplier = make_supplier(org, code="SUP-1", name="Northwind")
    for n, late in enumerate((0, 3, 7)):
        delivery_services.delivery_create(
            organization=org,
            actor=manager.user,
            data={
                "supplier": supplier,
                "order_reference": f"PO-{n}",
                "item": "=HYPERLINK(1)" if n == 2 else "Bolt",
                "promised_date": date(2026, 3, 1),
                "received_date": date(2026, 3, 1) + timedelta(days=late),
                "quantity_ordered": Decimal(10),
                "quantity_received": Decimal("10.5"),
            },
        )
    shown = assert_export_is_the_list(
        client_for(auditor),
        org,
        DELIVERY_EXPORT,
        "suppliers:delivery_list",
        "suppliers:delivery_export",
        {"late": "true", "o": "-received_date"},
    )
    assert [row[4] for row in shown] == ["PO-2", "PO-1"]


def test_the_scorecard_result_export_follows_the_filters(
    org, manager, auditor, make_supplier, client_for
):
    definitions.definition_create_default(organization=org, actor=manager.user)
    for code, late in (("GOOD", 0), ("LATE", 30)):
        supplier = approved(org, manager.user, make_supplier, code=code, name=f"{code} Ltd")
        for month in (3, 4):
            delivery_services.delivery_create(
                organization=org,
                actor=manager.user,
                data={
                    "supplier": supplier,
                    "order_reference": "PO",
                    "item": "Part",
                    "promised_date": date(2026, month, 5) - timedelta(days=late),
                    "received_date": date(2026, month, 5),
                    "quantity_ordered": Decimal(10),
                    "quantity_received": Decimal(10),
                },
            )
    client = client_for(auditor)
    shown = assert_export_is_the_list(
        client,
        org,
        RESULT_EXPORT,
        "suppliers:scorecard_results",
        "suppliers:scorecard_result_export",
        {"q": "good"},
    )
    assert [(row[0], row[2]) for row in shown] == [("April 2026", "GOOD"), ("March 2026", "GOOD")]
    shown = assert_export_is_the_list(
        client,
        org,
        RESULT_EXPORT,
        "suppliers:scorecard_results",
        "suppliers:scorecard_result_export",
        {"period": "2026-03-01", "o": "-score"},
    )
    assert [row[2] for row in shown] == ["GOOD", "LATE"]


def test_the_reevaluation_due_export_follows_the_filters(
    org, manager, auditor, make_supplier, client_for
):
    for code in ("ALPHA", "BETA"):
        approved(org, manager.user, make_supplier, code=code, name=f"{code} GmbH")
    shown = assert_export_is_the_list(
        client_for(auditor),
        org,
        REEVALUATION_DUE_EXPORT,
        "suppliers:reevaluation_due_list",
        "suppliers:reevaluation_due_export",
        {"q": "beta"},
    )
    assert [row[2] for row in shown] == ["BETA"]


def test_the_questionnaire_export_follows_the_filters(
    org, manager, auditor, make_supplier, client_for
):
    template = build_template(org, manager.user)
    for code in ("ONE", "TWO", "THREE"):
        send(org, manager.user, template, make_supplier(org, code=code, name=f"{code} AG"))
    shown = assert_export_is_the_list(
        client_for(auditor),
        org,
        QUESTIONNAIRE_EXPORT,
        "suppliers:questionnaire_list",
        "suppliers:questionnaire_export",
        {"overdue": "false", "o": "-supplier"},
    )
    assert [row[1] for row in shown] == ["TWO", "THREE", "ONE"]


def test_the_risk_export_follows_the_filters(org, manager, auditor, client_for):
    party = party_services.party_create(
        organization=org, actor=manager.user, data={"name": "Volta", "types": ["customer"]}
    )
    for kind, likelihood, text in (
        ("risk", 5, "Late payment"),
        ("risk", 1, "Strike"),
        ("opportunity", 4, "@SUM(A1) new market"),
    ):
        risk_services.risk_create(
            organization=org,
            actor=manager.user,
            party=party,
            data={"kind": kind, "description": text, "likelihood": likelihood, "impact": 4},
        )
    shown = assert_export_is_the_list(
        client_for(auditor),
        org,
        RISK_EXPORT,
        "parties:risk_list",
        "parties:risk_export",
        {"kind": "risk"},
    )
    assert [row[6] for row in shown] == ["Late payment", "Strike"]


def test_the_party_export_has_needs_and_the_review_cadence_the_page_shows(
    org, manager, auditor, client_for
):
    volta = party_services.party_create(
        organization=org,
        actor=manager.user,
        data={"name": "Volta", "types": ["customer"], "tier": "strategic"},
    )
    party_services.party_create(
        organization=org,
        actor=manager.user,
        data={
            "name": "Own cadence",
            "types": ["customer"],
            "tier": "strategic",
            "review_cadence_months": 6,
        },
    )
    party_services.party_create(
        organization=org, actor=manager.user, data={"name": "Other", "types": ["regulator"]}
    )
    with org_scope(org):
        Need.objects.create(
            organization=org,
            party=volta,
            description="On-time delivery",
            monitoring="Monthly OTIF",
            status="addressed",
        )
        Need.objects.create(
            organization=org, party=volta, description="=cmd|' /C calc'!A0", qms_relevant=False
        )
    client = client_for(auditor)
    detail = client.get(
        reverse("parties:party_detail", kwargs={"org_slug": org.slug, "pk": volta.pk})
    )
    assert "every 3 months" in detail.content.decode()
    shown = assert_export_is_the_list(
        client,
        org,
        PARTY_EXPORT,
        "parties:party_list",
        "parties:party_export",
        {"tier": "strategic", "o": "-name"},
    )
    header = PARTY_EXPORT.headers()
    rows = {row[0]: dict(zip(header, row, strict=True)) for row in shown}
    assert list(rows) == ["Volta", "Own cadence"]
    assert rows["Volta"]["review_cadence_months"] == ""  # the tier's default applies
    assert rows["Volta"]["effective_review_cadence_months"] == "3"
    assert rows["Volta"]["needs"] == (
        "On-time delivery (Being addressed; relevant to the QMS; monitored: Monthly OTIF)\n"
        "=cmd|' /C calc'!A0 (Identified)"
    )
    assert rows["Own cadence"]["review_cadence_months"] == "6"
    assert rows["Own cadence"]["effective_review_cadence_months"] == "6"
    assert rows["Own cadence"]["needs"] == ""


# --- formula injection, permission, queries ---------------------------------------------


def test_formula_cells_are_text_in_both_formats(org, manager, auditor, client_for):
    party = party_services.party_create(
        organization=org, actor=manager.user, data={"name": "Acme", "types": ["customer"]}
    )
    for text in ("=1+2", "+SUM(A1)", "-2+3", "@cmd"):
        risk_services.risk_create(
            organization=org,
            actor=manager.user,
            party=party,
            data={"kind": "risk", "description": text, "likelihood": 3, "impact": 3},
        )
    client = client_for(auditor)
    url = reverse("parties:risk_export", kwargs={"org_slug": org.slug, "fmt": "csv"})
    descriptions = sorted(row[6] for row in csv_rows(client.get(url))[1:])
    assert descriptions == sorted(["'=1+2", "'+SUM(A1)", "'-2+3", "'@cmd"])
    url = reverse("parties:risk_export", kwargs={"org_slug": org.slug, "fmt": "xlsx"})
    sheet = load_workbook(io.BytesIO(client.get(url).content)).worksheets[0]
    cells = [row[6] for row in sheet.iter_rows(min_row=2)]
    assert all(cell.data_type == "s" for cell in cells)  # a string, never a formula
    assert sorted(cell.value for cell in cells) == sorted(["=1+2", "+SUM(A1)", "-2+3", "@cmd"])


def test_whoever_reads_the_list_exports_it_and_a_portal_user_may_not(
    org, manager, auditor, supplier_member, outsider, client_for
):
    url = reverse("suppliers:supplier_export", kwargs={"org_slug": org.slug, "fmt": "xlsx"})
    assert client_for(auditor).get(url).status_code == 200
    assert client_for(manager).get(url).status_code == 200
    assert client_for(supplier_member).get(url).status_code == 403
    assert client_for(outsider).get(url).status_code == 404
    bad = reverse("suppliers:supplier_export", kwargs={"org_slug": org.slug, "fmt": "pdf"})
    assert client_for(auditor).get(bad).status_code == 404


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_takes_as_many_queries_for_many_rows_as_for_few(
    org, manager, auditor, make_supplier, client_for, assert_constant_queries, fmt
):
    party = party_services.party_create(
        organization=org,
        actor=manager.user,
        data={"name": "P0", "types": ["customer"], "owner": manager.user},
    )
    with org_scope(org):
        Need.objects.create(organization=org, party=party, description="Need")
    make_supplier(org, code="S-0")
    counter = iter(range(1, 100))

    def grow():
        for _ in range(4):
            n = next(counter)
            other = party_services.party_create(
                organization=org,
                actor=manager.user,
                data={"name": f"P{n}", "types": ["customer"], "owner": manager.user},
            )
            with org_scope(org):
                Need.objects.create(organization=org, party=other, description=f"Need {n}")
            make_supplier(org, code=f"S-{n}")

    client = client_for(auditor)
    for name in ("parties:party_export", "suppliers:supplier_export"):
        url = reverse(name, kwargs={"org_slug": org.slug, "fmt": fmt})
        assert_constant_queries(client, url, grow=grow)


def test_the_scorecard_results_page_and_export_take_constant_queries(
    org, manager, auditor, make_supplier, client_for, assert_constant_queries
):
    definitions.definition_create_default(organization=org, actor=manager.user)
    counter = iter(range(100))

    def grow():
        for _ in range(3):
            supplier = approved(org, manager.user, make_supplier, code=f"R-{next(counter)}")
            delivery_services.delivery_create(
                organization=org,
                actor=manager.user,
                data={
                    "supplier": supplier,
                    "order_reference": "PO",
                    "item": "Part",
                    "promised_date": date(2026, 3, 5),
                    "received_date": date(2026, 3, 9),
                    "quantity_ordered": Decimal(10),
                    "quantity_received": Decimal(10),
                },
            )

    grow()
    client = client_for(auditor)
    kwargs = {"org_slug": org.slug}
    for url in (
        reverse("suppliers:scorecard_results", kwargs=kwargs),
        reverse("suppliers:scorecard_result_export", kwargs={**kwargs, "fmt": "xlsx"}),
        reverse("suppliers:certificate_export", kwargs={**kwargs, "fmt": "csv"}),
        reverse("suppliers:reevaluation_due_export", kwargs={**kwargs, "fmt": "csv"}),
        reverse("suppliers:delivery_export", kwargs={**kwargs, "fmt": "csv"}),
    ):
        assert_constant_queries(client, url, grow=grow)


def test_a_party_export_with_needs_can_be_imported_again(
    org, other_org, manager, auditor, client_for
):
    from parties.services import imports

    volta = party_services.party_create(
        organization=org,
        actor=manager.user,
        data={"name": "Volta", "types": ["customer", "supplier"], "tags": ["ev"]},
    )
    with org_scope(org):
        Need.objects.create(organization=org, party=volta, description="=Fast answers")
    url = reverse("parties:party_export", kwargs={"org_slug": org.slug, "fmt": "xlsx"})
    content = client_for(auditor).get(url).content
    result = imports.check_file(
        organization=other_org, kind=imports.KINDS["parties"], content=content
    )
    assert result.invalid_rows == []
    (row,) = result.valid_rows
    assert (row.data["name"], row.data["types"], row.data["tags"]) == (
        "Volta",
        ["customer", "supplier"],
        ["ev"],
    )
    # The tier's default cadence is not pinned on the party by the round trip.
    assert row.data.get("review_cadence_months") is None
