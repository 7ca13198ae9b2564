"""Contract compliance: per agreement and quarter, service levels met or missed from the
deliveries and the complaints naming the supplier, disputes opened and closed, and the
frequency of disputes per supplier; hand-computed, on the pages, in the API and export."""

import io
from datetime import UTC, date, datetime
from decimal import Decimal

from openpyxl import load_workbook

from feedback.services import complaints as complaint_services
from relmgmt.core.scoping import org_scope
from suppliers.selectors import compliance as selectors
from suppliers.services import agreements as services
from suppliers.services import deliveries as delivery_services


def _deliver(org, manager, supplier, received, promised, rejected=0):
    delivery_services.delivery_create(
        organization=org,
        actor=manager.user,
        data={
            "supplier": supplier, "order_reference": "PO-1", "item": "Housing",
            "promised_date": promised, "received_date": received,
            "quantity_ordered": Decimal(100), "quantity_received": Decimal(100),
            "quantity_rejected": Decimal(rejected),
            "rejection_reason": "Porosity" if rejected else "",
        },
    )  # fmt: skip


def _complaint(org, party, day):
    complaint_services.complaint_create(
        organization=org, actor=None, received_at=datetime.combine(day, datetime.min.time(),
                                                                    tzinfo=UTC).replace(hour=12),
        data={"subject": "s", "description": "d", "complainant_name": "n", "party": party},
    )  # fmt: skip


def _world(org, manager, make_supplier):
    """Agreement over 2025-02-15 to 2025-06-30: quarters 2025 Q1 (02-15..03-31) and Q2.
    Levels: OTIF at least 75 %, complaints at most 1.
    Q1: deliveries on time, on time, late (OTIF 66.7 %: missed); 2 complaints (missed);
        dispute A raised 03-01, closed 04-10.
    Q2: deliveries on time, on time (100 %: met); 1 complaint (met); dispute B raised 05-05,
        open. Dispute A closed in Q2."""
    supplier = make_supplier(org, code="SUP-C")
    agreement = services.agreement_create(
        organization=org, actor=manager.user,
        data={
            "supplier": supplier, "contract_reference": "AG-C", "title": "Castings",
            "starts_on": date(2025, 2, 15), "ends_on": date(2025, 6, 30),
            "service_levels": [
                {"measure": "OTIF", "target": 75, "unit": "%", "metric": "otif"},
                {"measure": "Complaints", "target": 1, "metric": "complaints"},
            ],
            "disputes": [
                {"raised_on": date(2025, 3, 1), "description": "Price", "status": "resolved",
                 "resolution": "Credit note", "closed_on": date(2025, 4, 10)},
                {"raised_on": date(2025, 5, 5), "description": "Scrap cost", "status": "open"},
            ],
        },
    )  # fmt: skip
    _deliver(org, manager, supplier, date(2025, 2, 20), date(2025, 2, 20))
    _deliver(org, manager, supplier, date(2025, 3, 10), date(2025, 3, 12))
    _deliver(org, manager, supplier, date(2025, 3, 20), date(2025, 3, 15))
    _deliver(org, manager, supplier, date(2025, 4, 20), date(2025, 4, 20))
    _deliver(org, manager, supplier, date(2025, 6, 30), date(2025, 7, 1))
    _deliver(org, manager, supplier, date(2025, 7, 5), date(2025, 7, 1))  # after the end
    _complaint(org, supplier.party, date(2025, 2, 16))
    _complaint(org, supplier.party, date(2025, 3, 30))
    _complaint(org, supplier.party, date(2025, 5, 1))
    return supplier, agreement


def test_quarters_are_cut_to_the_period():
    assert selectors.quarters(date(2025, 2, 15), date(2025, 7, 3)) == [
        (date(2025, 2, 15), date(2025, 3, 31)),
        (date(2025, 4, 1), date(2025, 6, 30)),
        (date(2025, 7, 1), date(2025, 7, 3)),
    ]
    assert selectors.quarters(date(2025, 11, 1), date(2026, 1, 1))[-1] == (
        date(2026, 1, 1), date(2026, 1, 1),
    )  # fmt: skip


def test_hand_computed_compliance(org, manager, make_supplier):
    _supplier, agreement = _world(org, manager, make_supplier)
    with org_scope(org):
        periods = selectors.agreement_compliance(organization=org, agreement=agreement)
    assert [p.label for p in periods] == ["2025 Q1", "2025 Q2"]
    q1, q2 = periods
    assert (q1.deliveries, q1.complaints, q1.met, q1.missed) == (3, 2, 0, 2)
    assert round(q1.results[0].actual, 1) == 66.7
    assert (q1.disputes_opened, q1.disputes_closed) == (1, 0)
    assert (q2.deliveries, q2.complaints, q2.met, q2.missed) == (2, 1, 2, 0)
    assert (q2.disputes_opened, q2.disputes_closed) == (1, 1)


def test_dispute_frequency_per_supplier(org, manager, make_supplier):
    supplier, _agreement = _world(org, manager, make_supplier)
    quiet = make_supplier(org, code="SUP-Q")
    services.agreement_create(
        organization=org, actor=manager.user,
        data={"supplier": quiet, "contract_reference": "AG-Q", "title": "Quiet",
              "starts_on": date(2025, 1, 1), "ends_on": date(2025, 12, 31)},
    )  # fmt: skip
    with org_scope(org):
        rows = list(selectors.dispute_frequency(
            organization=org, start=date(2025, 4, 1), end=date(2025, 6, 30)))  # fmt: skip
    found = {r.code: (r.disputes_opened, r.disputes_closed, r.disputes_open) for r in rows}
    assert found == {"SUP-C": (1, 1, 1), "SUP-Q": (0, 0, 0)}
    assert rows[0].pk == supplier.pk


def test_a_dispute_marked_resolved_without_a_date_closes_today(org, manager, make_supplier):
    supplier = make_supplier(org)
    agreement = services.agreement_create(
        organization=org, actor=manager.user,
        data={"supplier": supplier, "contract_reference": "AG-T", "title": "T",
              "starts_on": date(2025, 1, 1), "ends_on": date(2030, 1, 1),
              "disputes": [{"raised_on": date(2025, 3, 1), "description": "x",
                            "status": "resolved", "resolution": "ok"}]},
    )  # fmt: skip
    with org_scope(org):
        dispute = agreement.disputes.get()
    assert dispute.closed_on is not None


def test_pages_api_and_export(org, manager, make_supplier, client_for, api_client_for):
    _supplier, agreement = _world(org, manager, make_supplier)
    client = client_for(manager)
    detail = client.get(f"/o/{org.slug}/suppliers/agreements/{agreement.pk}/").content.decode()
    assert "Compliance by quarter" in detail and "2025 Q1" in detail
    listing = client.get(f"/o/{org.slug}/suppliers/agreements/").content.decode()
    assert "Disputes per supplier" in listing
    sheet = load_workbook(
        io.BytesIO(client.get(f"/o/{org.slug}/suppliers/agreements/compliance.xlsx").content)
    ).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:10] == ("AG-C", "SUP-C", "2025 Q1", "2025-02-15", "2025-03-31", 3, 2, 0, 2,
                            "OTIF; Complaints")  # fmt: skip
    api = api_client_for(manager)
    data = api.get(f"/api/v1/o/{org.slug}/agreements/{agreement.pk}/compliance/").json()
    assert [(p["label"], p["missed"]) for p in data] == [("2025 Q1", 2), ("2025 Q2", 0)]
    frequency = api.get(f"/api/v1/o/{org.slug}/agreements/dispute-frequency/"
                        "?start=2025-01-01&end=2025-12-31").json()  # fmt: skip
    assert frequency[0]["code"] == "SUP-C" and frequency[0]["disputes_opened"] == 2
    bad = api.get(f"/api/v1/o/{org.slug}/agreements/dispute-frequency/"
                  "?start=2025-12-31&end=2025-01-01")  # fmt: skip
    assert bad.status_code == 400
