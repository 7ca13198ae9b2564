"""An agreement's service-level targets compared with the deliveries of its period: met or
missed per target, on the agreement's page and through the selector; a level not measured
from deliveries is shown as such."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from relmgmt.core.dates import organization_today
from relmgmt.core.scoping import org_scope
from suppliers.selectors import agreements as selectors
from suppliers.services import agreements as services
from suppliers.services import deliveries as delivery_services

from .test_agreements import data_for


def deliver(org, manager, supplier, *, days_ago, late=0, rejected=0, received=100):
    today = organization_today(org)
    delivery_services.delivery_create(
        organization=org,
        actor=manager.user,
        data={
            "supplier": supplier,
            "order_reference": "PO-1",
            "item": "Housing",
            "promised_date": today - timedelta(days=days_ago + late),
            "received_date": today - timedelta(days=days_ago),
            "quantity_ordered": Decimal(100),
            "quantity_received": Decimal(received),
            "quantity_rejected": Decimal(rejected),
            "rejection_reason": "Porosity" if rejected else "",
        },
    )


def test_service_levels_are_met_or_missed_by_the_deliveries_of_the_period(
    org, manager, auditor, make_supplier, client_for
):
    supplier = make_supplier(org, code="SUP-1")
    levels = [
        {"measure": "On time in full", "target": 70, "unit": "%", "metric": "otif"},
        {"measure": "Defects", "target": 1000, "unit": "ppm", "metric": "defect_ppm"},
        {"measure": "Days late", "target": 1, "unit": "days", "metric": "days_late"},
        {"measure": "8D report after a complaint", "target": 10, "unit": "days"},
    ]
    agreement = services.agreement_create(
        organization=org,
        actor=manager.user,
        data=data_for(
            org,
            supplier,
            service_levels=levels,
            starts_on=organization_today(org) - timedelta(days=100),
        ),
    )
    deliver(org, manager, supplier, days_ago=5)
    deliver(org, manager, supplier, days_ago=10, late=6)
    deliver(org, manager, supplier, days_ago=20, rejected=2)
    deliver(org, manager, supplier, days_ago=2000)  # before the agreement: not counted
    with org_scope(org):
        agreement.refresh_from_db()
        comparison = selectors.service_level_comparison(organization=org, agreement=agreement)
    assert comparison.deliveries == 3
    by_measure = {row.level.measure: row for row in comparison.results}
    otif = by_measure["On time in full"]
    assert otif.actual == pytest.approx(200 / 3) and otif.met is False  # 66.7 % < 70 %
    defects = by_measure["Defects"]
    assert defects.actual == pytest.approx(1_000_000 * 2 / 300) and defects.met is False
    late = by_measure["Days late"]
    assert late.actual == pytest.approx(2.0) and late.met is False
    assert by_measure["8D report after a complaint"].met is None
    page = client_for(auditor).get(f"/o/{org.slug}/suppliers/agreements/{agreement.pk}/").text
    section = page.split('id="service-levels"', 1)[1].split("</section>", 1)[0]
    assert "Compared with the 3 deliveries" in section
    assert section.count("Missed") == 3 and "Not measured from deliveries" in section
    # A looser target is met.
    services.agreement_update(
        organization=org,
        actor=manager.user,
        agreement=agreement,
        data={"service_levels": [{**levels[0], "target": 60}]},
        reason="Target renegotiated",
    )
    page = client_for(auditor).get(f"/o/{org.slug}/suppliers/agreements/{agreement.pk}/").text
    assert "Met" in page.split('id="service-levels"', 1)[1].split("</section>", 1)[0]
    with pytest.raises(ValidationError):
        services.agreement_update(
            organization=org,
            actor=manager.user,
            agreement=agreement,
            data={"service_levels": [{**levels[0], "metric": "weather"}]},
            reason="x",
        )
