"""Exports of the filtered party list and of its parties' contacts, as CSV and XLSX."""

import csv
import io
from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone
from openpyxl import load_workbook

from parties.models import Contact
from parties.services import imports, register
from relmgmt.core.scoping import org_scope


def add_party(org, member, name, tier="managed", types=("customer",), **fields):
    return register.party_create(
        organization=org,
        actor=member.user,
        data={"name": name, "types": list(types), "tier": tier, **fields},
    )


def add_contact(org, party, name, **fields):
    with org_scope(org):
        return Contact.objects.create(organization=org, party=party, name=name, **fields)


def csv_rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def xlsx_rows(response) -> list[list]:
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_the_party_export_follows_the_list_filters(org, manager, auditor, client_for):
    add_party(org, manager, "Volta Motors", tier="strategic", owner=manager.user, tags=["ev"])
    add_party(org, manager, "Fabrikam Steel", tier="strategic", types=("supplier",))
    add_party(org, manager, "Contoso Fasteners")
    client = client_for(auditor)
    response = client.get(f"/o/{org.slug}/parties/export.csv", {"tier": "strategic", "o": "-name"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="parties-acme-')
    rows = csv_rows(response)
    assert rows[0] == imports.KINDS["parties"].headers
    assert [row[0] for row in rows[1:]] == ["Volta Motors", "Fabrikam Steel"]
    volta = dict(zip(rows[0], rows[1], strict=True))
    assert (volta["types"], volta["tier"], volta["owner_email"], volta["tags"]) == (
        "customer",
        "strategic",
        manager.user.email,
        "ev",
    )

    response = client.get(f"/o/{org.slug}/parties/export.xlsx", {"q": "fast"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = xlsx_rows(response)
    assert rows[0] == imports.KINDS["parties"].headers
    assert [row[0] for row in rows[1:]] == ["Contoso Fasteners"]


def test_an_unknown_format_is_not_found(org, auditor, client_for):
    assert client_for(auditor).get(f"/o/{org.slug}/parties/export.pdf").status_code == 404


def test_the_contact_export_follows_the_party_filters(org, manager, client_for):
    org.timezone = "Europe/London"
    org.save()
    volta = add_party(org, manager, "Volta Motors", tier="strategic")
    contoso = add_party(org, manager, "Contoso Fasteners")
    add_contact(org, volta, "Dana Reyes", email="dana@volta.example", phone="+44 1")
    consent_at = datetime(2024, 7, 1, 0, 30, tzinfo=ZoneInfo("Europe/London"))
    add_contact(org, volta, "Lee Chen", consent_given_at=consent_at, consent_method="signed form")
    add_contact(org, volta, "Gone", erased_at=timezone.now())
    add_contact(org, contoso, "Kim Park")
    client = client_for(manager)
    rows = csv_rows(client.get(f"/o/{org.slug}/contacts/export.csv", {"tier": "strategic"}))
    assert rows[0] == imports.KINDS["contacts"].headers
    assert [(row[0], row[1]) for row in rows[1:]] == [
        ("Volta Motors", "Dana Reyes"),
        ("Volta Motors", "Lee Chen"),
    ]
    # The day in the organisation's time zone (UTC said 30 June).
    assert rows[2][6] == "signed form" and rows[2][7] == "2024-07-01"
    rows = xlsx_rows(client.get(f"/o/{org.slug}/contacts/export.xlsx"))
    assert [row[1] for row in rows[1:]] == ["Kim Park", "Dana Reyes", "Lee Chen"]


def test_text_that_looks_like_a_formula_stays_text(org, manager, client_for):
    add_party(org, manager, '=HYPERLINK("http://evil.example","x")', description="+1 and more")
    client = client_for(manager)
    rows = csv_rows(client.get(f"/o/{org.slug}/parties/export.csv"))
    assert rows[1][0] == '\'=HYPERLINK("http://evil.example","x")'
    assert rows[1][8] == "'+1 and more"
    response = client.get(f"/o/{org.slug}/parties/export.xlsx")
    cell = load_workbook(io.BytesIO(response.content)).worksheets[0]["A2"]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")


def test_an_export_imports_again(org, other_org, manager, outsider, client_for):
    add_party(org, manager, "=Sum of parts", tier="strategic", tags=["a", "b"], influence=5)
    add_party(org, manager, "Atlas Energy", types=("customer", "partner"))
    client = client_for(manager)
    for fmt in ("csv", "xlsx"):
        content = client.get(f"/o/{org.slug}/parties/export.{fmt}").content
        check = imports.check_file(
            organization=other_org, kind=imports.KINDS["parties"], content=content
        )
        assert check.is_valid, [row.errors for row in check.invalid_rows]
        by_name = {row.data["name"]: row.data for row in check.rows}
        assert by_name["=Sum of parts"]["tags"] == ["a", "b"]
        assert by_name["=Sum of parts"]["influence"] == 5
        assert by_name["Atlas Energy"]["types"] == ["customer", "partner"]


def test_a_supplier_user_may_not_export(org, supplier_member, client_for):
    client = client_for(supplier_member)
    assert client.get(f"/o/{org.slug}/parties/export.csv").status_code == 403
    assert client.get(f"/o/{org.slug}/contacts/export.csv").status_code == 403


def test_the_party_list_links_the_exports_with_its_filters(org, manager, client_for):
    add_party(org, manager, "Volta Motors", tier="strategic")
    page = client_for(manager).get(f"/o/{org.slug}/parties/", {"tier": "strategic"})
    assert f"/o/{org.slug}/parties/export.xlsx?tier=strategic".encode() in page.content
    assert f"/o/{org.slug}/contacts/export.csv?tier=strategic".encode() in page.content
