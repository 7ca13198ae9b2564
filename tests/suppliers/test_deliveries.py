"""Deliveries: what a manager may record, the rules every way in shares, file imports
(CSV and XLSX) that report problems by line and column and import nothing half, and the
pages."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from openpyxl import Workbook

from relmgmt.audit.models import AuditEvent
from relmgmt.core import imports
from relmgmt.core.scoping import org_scope
from suppliers.models import Delivery
from suppliers.services import deliveries as services
from tests.support.lazy_panels import with_panels

HEADER = (
    "supplier_code,order_reference,item,promised_date,received_date,"
    "quantity_ordered,quantity_received,quantity_rejected,rejection_reason"
)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def supplier(org, make_supplier):
    return make_supplier(org, code="SUP-1", name="Northwind Castings")


def values(supplier, **changes):
    data = {
        "supplier": supplier,
        "order_reference": "PO-1001",
        "item": "Bracket",
        "promised_date": date(2026, 3, 1),
        "received_date": date(2026, 3, 3),
        "quantity_ordered": Decimal("100"),
        "quantity_received": Decimal("100"),
        "quantity_rejected": Decimal("0"),
        "rejection_reason": "",
    }
    data.update(changes)
    return data


def record(org, manager, supplier, **changes):
    return services.delivery_create(
        organization=org, actor=manager.user, data=values(supplier, **changes)
    )


def count(org) -> int:
    with org_scope(org):
        return Delivery.objects.count()


def audit_count(org) -> int:
    with org_scope(org):
        return AuditEvent.objects.count()


def csv_bytes(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode()


def xlsx_bytes(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def check(org, content):
    return imports.check_file(organization=org, kind=services.IMPORT, content=content)


def problems(result) -> dict[int, dict[str, list[str]]]:
    return {row.line: row.errors for row in result.invalid_rows}


# --- the rules ----------------------------------------------------------------------------


def test_a_manager_records_a_delivery_and_it_is_audited(org, manager, supplier):
    before = audit_count(org)
    delivery = record(org, manager, supplier)
    assert delivery.entered_by == manager.user
    assert not delivery.over_delivery
    assert delivery.days_late == 2
    assert audit_count(org) == before + 1


def test_early_delivery_is_fine(org, manager, supplier):
    delivery = record(org, manager, supplier, received_date=date(2026, 2, 20))
    assert not delivery.is_late and delivery.days_late == 0


def test_more_received_than_ordered_is_accepted_and_flagged(org, manager, supplier):
    delivery = record(org, manager, supplier, quantity_received=Decimal("120"))
    assert delivery.over_delivery
    changed = services.delivery_update(
        organization=org,
        actor=manager.user,
        delivery=delivery,
        data={"quantity_received": Decimal("100")},
        reason="miscounted",
    )
    assert not changed.over_delivery


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"quantity_ordered": Decimal("-1")}, "quantity_ordered"),
        ({"quantity_received": Decimal("-5")}, "quantity_received"),
        ({"quantity_rejected": Decimal("-1")}, "quantity_rejected"),
        ({"quantity_rejected": Decimal("101"), "rejection_reason": "bent"}, "quantity_rejected"),
        ({"quantity_rejected": Decimal("3")}, "rejection_reason"),
        ({"quantity_ordered": Decimal("0")}, "quantity_ordered"),
        ({"order_reference": "  "}, "order_reference"),
        ({"received_date": date(2999, 1, 1)}, "received_date"),
    ],
)
def test_bad_values_are_refused_by_field(org, manager, supplier, changes, field):
    with pytest.raises(ValidationError) as caught:
        record(org, manager, supplier, **changes)
    assert field in caught.value.message_dict
    assert count(org) == 0


def test_a_rejection_with_its_reason_is_kept(org, manager, supplier):
    delivery = record(
        org, manager, supplier, quantity_rejected=Decimal("2.5"), rejection_reason="Burrs"
    )
    assert delivery.quantity_rejected == Decimal("2.5")


def test_a_supplier_of_another_organisation_is_refused(org, other_org, manager, make_supplier):
    foreign = make_supplier(other_org, code="X-1")
    with pytest.raises(ValidationError) as caught:
        record(org, manager, foreign)
    assert "supplier" in caught.value.message_dict


def test_the_database_refuses_what_the_rules_refuse(org, supplier):
    with org_scope(org):
        for bad in (
            {"quantity_received": Decimal("-1")},
            {"quantity_rejected": Decimal("200"), "quantity_received": Decimal("100")},
            {"over_delivery": True},  # the flag must agree with the quantities
        ):
            data = {**values(supplier), **bad}
            data.setdefault("over_delivery", False)
            with pytest.raises(IntegrityError), transaction.atomic():
                Delivery.objects.create(organization=org, **data)


def test_deleting_needs_a_reason_which_the_trail_keeps(org, manager, supplier):
    delivery = record(org, manager, supplier)
    with pytest.raises(ValidationError):
        services.delivery_delete(organization=org, actor=manager.user, delivery=delivery, reason="")
    services.delivery_delete(
        organization=org, actor=manager.user, delivery=delivery, reason="Entered twice"
    )
    assert count(org) == 0
    with org_scope(org):
        event = AuditEvent.objects.filter(action="delete", model_label="suppliers.delivery").get()
    assert event.reason == "Entered twice"


# --- import -------------------------------------------------------------------------------


def test_a_valid_csv_is_imported_whole_with_every_row_audited(org, manager, supplier):
    content = csv_bytes(
        HEADER,
        "SUP-1,PO-1,Bracket,2026-01-10,2026-01-12,100,100,,",
        "sup-1,PO-2,Flange,2026-01-10,2026-01-08,50,60,2,Porosity",
    )
    result = check(org, content)
    assert result.is_valid
    assert result.summary() == [
        "1 row received more than ordered (line 3): imported, and flagged as over-deliveries."
    ]
    before = audit_count(org)
    assert (
        imports.import_file(
            organization=org, actor=manager.user, kind=services.IMPORT, content=content
        )
        == 2
    )
    with org_scope(org):
        rows = {d.order_reference: d for d in Delivery.objects.all()}
        assert AuditEvent.objects.filter(model_label="suppliers.delivery").count() == 2
    assert audit_count(org) == before + 2
    assert rows["PO-2"].over_delivery and rows["PO-2"].quantity_rejected == 2
    assert rows["PO-1"].entered_by == manager.user


def test_a_bad_row_is_named_by_line_and_column_and_nothing_is_imported(org, manager, supplier):
    content = csv_bytes(
        HEADER,
        "SUP-1,PO-1,Bracket,2026-01-10,2026-01-12,100,100,,",
        "SUP-9,PO-2,Flange,10/01/2026,2026-01-12,-5,abc,,",
        "SUP-1,PO-3,Flange,2026-01-10,2026-01-12,10,5,6,",
    )
    result = check(org, content)
    found = problems(result)
    assert set(found) == {3, 4}
    assert set(found[3]) == {
        "supplier_code",
        "promised_date",
        "quantity_ordered",
        "quantity_received",
    }
    assert "cannot be negative" in found[3]["quantity_ordered"][0]
    assert "No supplier has the code SUP-9" in found[3]["supplier_code"][0]
    assert set(found[4]) == {"quantity_rejected", "rejection_reason"}
    before = audit_count(org)
    with pytest.raises(ValidationError, match="2 of 3 rows have problems"):
        imports.import_file(
            organization=org, actor=manager.user, kind=services.IMPORT, content=content
        )
    assert count(org) == 0 and audit_count(org) == before
    # Knowingly, only the valid rows, as many as the preview showed.
    imported = imports.import_file(
        organization=org,
        actor=manager.user,
        kind=services.IMPORT,
        content=content,
        valid_only=True,
        expected_rows=1,
    )
    assert imported == 1 and count(org) == 1


def test_an_xlsx_with_real_dates_and_numbers_is_read(org, manager, supplier):
    content = xlsx_bytes(
        [
            HEADER.split(","),
            ["SUP-1", "PO-7", "Shaft", date(2026, 2, 1), date(2026, 2, 3), 10, 10.5, None, None],
            ["SUP-1", "PO-8", "Shaft", date(2026, 2, 1), date(2026, 2, 3), 10, -1, None, None],
        ]
    )
    result = check(org, content)
    assert problems(result) == {
        3: {"quantity_received": [result.rows[1].errors["quantity_received"][0]]}
    }
    assert result.rows[0].data["quantity_received"] == Decimal("10.5")
    assert result.rows[0].data["promised_date"] == date(2026, 2, 1)


def test_a_file_without_a_required_column_is_refused_whole(org, supplier):
    with pytest.raises(imports.ImportFileError, match="missing quantity_received"):
        check(
            org,
            csv_bytes(
                "supplier_code,order_reference,item,promised_date,received_date,quantity_ordered",
                "SUP-1,PO,Bolt,2026-01-01,2026-01-01,1",
            ),
        )


def test_a_failure_while_writing_leaves_nothing_half_imported(org, manager, supplier):
    """The last batch breaks a database rule the checks did not see: every batch before it
    is rolled back with it, audit events included."""
    lines = [HEADER] + [f"SUP-1,PO-{n},Bolt,2026-01-01,2026-01-02,5,5,," for n in range(2500)]
    content = csv_bytes(*lines)
    result = check(org, content)
    assert result.is_valid
    result.rows[-1].data["quantity_rejected"] = Decimal("9")  # more than received
    result.rows[-1].data["rejection_reason"] = "x"
    before = audit_count(org)
    with pytest.raises(IntegrityError):
        services.IMPORT.write_rows(organization=org, actor=manager.user, rows=result.rows)
    assert count(org) == 0 and audit_count(org) == before


# --- pages --------------------------------------------------------------------------------


def test_the_import_pages_preview_then_import(org, manager, supplier, client_for, confirm_import):
    client = client_for(manager)
    base = f"/o/{org.slug}/deliveries/import/"
    content = csv_bytes(
        HEADER,
        "SUP-1,PO-1,Bracket,2026-01-10,2026-01-12,100,100,,",
        "SUP-1,PO-2,Bracket,2026-01-10,2026-01-12,100,-1,,",
    )
    response = client.post(base, {"file": SimpleUploadedFile("d.csv", content)})
    assert response.status_code == 302 and response["Location"].endswith("preview/")
    page = client.get(base + "preview/").content.decode()
    assert "1 valid" in page and "quantity_received" in page and "cannot be negative" in page
    assert "over-deliveries" not in page
    token = client.session["suppliers_delivery_import_deliveries"]["token"]
    response = client.post(base + "preview/", {"token": token, "action": "import"})
    assert response.status_code == 200 and count(org) == 0
    response = confirm_import(
        client,
        base + "preview/",
        {"token": token, "action": "import", "skip_invalid": "on", "expected": "1"},
    )
    assert response.status_code == 302 and count(org) == 1
    assert client.get(base + "template.csv").content.decode().startswith("supplier_code,")


def test_a_manager_adds_changes_and_deletes_through_the_pages(org, manager, supplier, client_for):
    client = client_for(manager)
    data = {
        "supplier": supplier.pk,
        "order_reference": "PO-55",
        "item": "Gear",
        "promised_date": "2026-04-01",
        "received_date": "2026-04-02",
        "quantity_ordered": "10",
        "quantity_received": "-1",
        "quantity_rejected": "0",
    }
    response = client.post(f"/o/{org.slug}/deliveries/new/", data)
    assert response.status_code == 200 and "negative" in response.content.decode()
    data["quantity_received"] = "12"
    response = client.post(f"/o/{org.slug}/deliveries/new/", data)
    assert response.status_code == 302
    with org_scope(org):
        delivery = Delivery.objects.get()
    assert delivery.over_delivery
    detail = client.get(f"/o/{org.slug}/deliveries/{delivery.pk}/").content.decode()
    assert "over-delivered" in detail and "1 day late" in detail
    data["quantity_received"] = "10"
    response = client.post(f"/o/{org.slug}/deliveries/{delivery.pk}/edit/", data)
    assert response.status_code == 302
    response = client.post(f"/o/{org.slug}/deliveries/{delivery.pk}/delete/", {"reason": ""})
    assert response.status_code == 200 and count(org) == 1
    response = client.post(f"/o/{org.slug}/deliveries/{delivery.pk}/delete/", {"reason": "Dup"})
    assert response.status_code == 302 and count(org) == 0


def test_an_auditor_reads_but_does_not_record(org, auditor, manager, supplier, client_for):
    record(org, manager, supplier)
    client = client_for(auditor)
    assert client.get(f"/o/{org.slug}/deliveries/").status_code == 200
    assert client.get(f"/o/{org.slug}/deliveries/new/").status_code == 403
    assert client.get(f"/o/{org.slug}/deliveries/import/").status_code == 403


def test_the_supplier_page_shows_its_latest_deliveries(org, manager, supplier, client_for):
    for n in range(12):
        record(org, manager, supplier, order_reference=f"PO-{n:02d}")
    page = with_panels(client_for(manager), f"/o/{org.slug}/suppliers/{supplier.pk}/")
    assert "All 12 deliveries of SUP-1" in page
    assert page.count("PO-") == 5  # the latest five; the rest one click away


def test_the_list_filters_and_sorts(org, manager, supplier, make_supplier, client_for):
    other = make_supplier(org, code="SUP-2")
    record(org, manager, supplier, order_reference="PO-LATE")
    record(org, manager, supplier, order_reference="PO-EARLY", received_date=date(2026, 2, 1))
    record(
        org,
        manager,
        other,
        order_reference="PO-REJ",
        quantity_rejected=Decimal("1"),
        rejection_reason="Scratched",
    )
    record(org, manager, other, order_reference="PO-OVER", quantity_received=Decimal("101"))
    client = client_for(manager)
    base = f"/o/{org.slug}/deliveries/"

    def shown(query):
        page = client.get(base + query).content.decode()
        return {ref for ref in ("PO-LATE", "PO-EARLY", "PO-REJ", "PO-OVER") if ref in page}

    assert shown("?late=false") == {"PO-EARLY"}
    assert shown("?rejected=true") == {"PO-REJ"}
    assert shown("?over_delivery=true") == {"PO-OVER"}
    assert shown(f"?supplier={supplier.pk}") == {"PO-LATE", "PO-EARLY"}
    assert shown("?q=rej") == {"PO-REJ"}
    assert shown("?received_before=2026-02-15") == {"PO-EARLY"}
    page = client.get(base + "?o=received_date", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in page and page.index("PO-EARLY") < page.index("PO-LATE")


def test_the_list_makes_the_same_queries_for_many_rows(
    org, manager, supplier, make_supplier, client_for, assert_constant_queries
):
    record(org, manager, supplier)
    rounds = iter(range(10))

    def grow():
        round_ = next(rounds)
        for n in range(15):
            other = make_supplier(org, code=f"MORE-{round_}-{n}")
            record(org, manager, other, order_reference=f"PO-M{n}")
            record(org, manager, supplier, order_reference=f"PO-S{n}")

    client = client_for(manager)
    assert_constant_queries(client, f"/o/{org.slug}/deliveries/", grow=grow)
    assert_constant_queries(client, f"/o/{org.slug}/suppliers/{supplier.pk}/", grow=grow)


def test_a_change_keeps_what_it_does_not_name(org, manager, supplier):
    delivery = record(
        org, manager, supplier, quantity_rejected=Decimal("2"), rejection_reason="Dented"
    )
    changed = services.delivery_update(
        organization=org,
        actor=manager.user,
        delivery=delivery,
        data={"quantity_received": Decimal("99")},
    )
    assert changed.quantity_rejected == 2 and changed.rejection_reason == "Dented"


def test_a_preview_of_many_bad_rows_lists_the_first_thousand(org, manager, supplier, client_for):
    client = client_for(manager)
    base = f"/o/{org.slug}/deliveries/import/"
    lines = [HEADER] + [f"SUP-1,PO-{n},Bolt,2026-01-01,2026-01-02,5,-5,," for n in range(1500)]
    client.post(base, {"file": SimpleUploadedFile("d.csv", csv_bytes(*lines))})
    page = client.get(base + "preview/").content.decode()
    assert "(the first 1000 rows of 1500)" in page and "No row is valid" in page
