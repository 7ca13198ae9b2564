"""Demo agreements: a supply agreement with service levels and a resolved dispute, and a
logistics agreement ending within two months with an open dispute; seeded with the re-evaluations
(``reevaluations.seed``)."""

from datetime import timedelta

from suppliers.services import agreements


def seed_agreements(organization, actor, today, suppliers) -> None:
    if "SUP-001" in suppliers:
        agreements.agreement_create(
            organization=organization,
            actor=actor,
            data={
                "supplier": suppliers["SUP-001"],
                "contract_reference": "SA-2025-001",
                "title": "Supply of aluminium housings",
                "status": "active",
                "starts_on": today - timedelta(days=300),
                "ends_on": today + timedelta(days=430),
                "review_on": today + timedelta(days=65),
                "exit_plan": "Second source qualified at Fabrikam; tooling owned by us and "
                "transferable within 8 weeks; 6 weeks of safety stock held.",
                "service_levels": [
                    {"measure": "On time in full", "target": 95, "unit": "%", "metric": "otif"},
                    {"measure": "Defects", "target": 500, "unit": "ppm", "metric": "defect_ppm"},
                    {"measure": "8D report after a complaint", "target": 10, "unit": "days"},
                    {
                        "measure": "Complaints naming the supplier",
                        "target": 2,
                        "unit": "per quarter",
                        "metric": "complaints",
                    },
                ],
                "disputes": [
                    {
                        "raised_on": today - timedelta(days=120),
                        "description": "Invoice for expedited freight we did not request.",
                        "status": "resolved",
                        "resolution": "Credit note issued for the freight.",
                        "closed_on": today - timedelta(days=95),
                    }
                ],
            },
        )
    if "SUP-005" in suppliers:
        agreements.agreement_create(
            organization=organization,
            actor=actor,
            data={
                "supplier": suppliers["SUP-005"],
                "contract_reference": "LA-2024-017",
                "title": "Inbound logistics framework agreement",
                "status": "active",
                "starts_on": today - timedelta(days=700),
                "ends_on": today + timedelta(days=45),
                "review_on": today + timedelta(days=14),
                "exit_plan": "Tender prepared; two carriers pre-qualified.",
                "service_levels": [
                    {"measure": "Pick-up on time", "target": 98, "unit": "%", "metric": "otif"}
                ],
                "disputes": [
                    {
                        "raised_on": today - timedelta(days=20),
                        "description": "Demurrage charged for a delay at the carrier's depot.",
                        "status": "open",
                    }
                ],
            },
        )
