"""Demo supply continuity: tooling has one approved source (Lucerne Tooling) with a backup
in evaluation (Pinnacle Fixtures, decided within two months); packaging and software have
one approved source and no backup; a contingency plan for tooling, last tested 13 months
ago on a yearly cadence, is due for testing; one for the critical castings supplier was
tested recently. Seeded with the agreements (``reevaluations.seed``)."""

from datetime import timedelta

from relmgmt.core.dates import add_months
from suppliers.models import Supplier
from suppliers.services import continuity


def seed_continuity(organization, actor, today) -> None:
    suppliers = {
        supplier.code: supplier
        for supplier in Supplier.objects.filter(
            organization=organization, code__in=["SUP-001", "SUP-009", "SUP-024"]
        )
    }
    if "SUP-024" in suppliers:
        continuity.sourcing_save(
            organization=organization,
            actor=actor,
            category="tooling",
            data={
                "backup_supplier": suppliers["SUP-024"],
                "backup_due_on": today + timedelta(days=60),
                "notes": "Trial order of fixtures placed; first-article inspection pending.",
            },
        )
    continuity.plan_create(
        organization=organization,
        actor=actor,
        data={
            "title": "Tooling supply interrupted",
            "category": "tooling",
            "trigger": "Lucerne Tooling cannot deliver a tool within 4 weeks of the order, "
            "or its approval is suspended.",
            "actions": "1. Release the drawings to Pinnacle Fixtures under the NDA on file.\n"
            "2. Extend the life of the current tools by refurbishment.\n"
            "3. Tell the customers affected of any delay beyond 2 weeks.",
            "owner": actor,
            "last_tested_on": add_months(today, -13),
            "review_every_months": 12,
        },
    )
    if "SUP-001" in suppliers:
        continuity.plan_create(
            organization=organization,
            actor=actor,
            data={
                "title": "Castings supply stops",
                "supplier": suppliers["SUP-001"],
                "trigger": "Northwind Castings misses two deliveries in a row or stops.",
                "actions": "Draw on the 6 weeks of safety stock; move the tooling to the "
                "second source within 8 weeks.",
                "owner": actor,
                "last_tested_on": today - timedelta(days=40),
                "review_every_months": 12,
            },
        )
