"""Demo re-evaluations, a performance review and agreements: a few suppliers re-evaluated
(one of them overdue again), a quarterly review with Northwind with its actions (one
overdue, one closed), a supply agreement with service levels and a resolved dispute, and a
logistics agreement ending within two months. Seeded once per organisation (left alone
when any re-evaluation, review or agreement is there)."""

from datetime import timedelta

from parties.models import Contact
from parties.services.register import organization_today
from relmgmt.core.demo import DEMO_PASSWORD
from relmgmt.core.demo_registry import register
from relmgmt.policy import Role
from relmgmt.tenancy.models import Membership
from suppliers.models import Agreement, Certificate, PerformanceReview, ReEvaluation, Supplier
from suppliers.services import agreements, performance_reviews
from suppliers.services import reevaluations as reevaluation_services

# code -> (days ago, decision, reason, conditions)
DEMO_REEVALUATIONS = {
    "SUP-001": (30, "continue", "OTIF above target all year; ISO 9001 renewed.", ""),
    "SUP-002": (60, "continue", "Stable quality; no open complaints.", ""),
    # Critical, re-evaluated 13 months ago: due again a month ago (overdue).
    "SUP-003": (400, "continue", "Audit passed with two observations.", ""),
    "SUP-012": (
        20,
        "conditions",
        "Seal hardness drift found in incoming inspection.",
        "Monthly SPC charts on hardness; 8D on the drift within 30 days.",
    ),
}


def _seed_reevaluations(organization, actor, today, suppliers) -> None:
    for code, (days, decision, reason, conditions) in DEMO_REEVALUATIONS.items():
        supplier = suppliers.get(code)
        if supplier is None:
            continue
        evaluated_on = today - timedelta(days=days)
        certificates = list(
            Certificate.objects.filter(supplier=supplier).values_list("pk", flat=True)
        )
        reevaluation_services.reevaluation_record(
            organization=organization,
            actor=actor,
            supplier=supplier,
            password=DEMO_PASSWORD,
            data={
                "evaluated_on": evaluated_on,
                "evaluator": actor,
                "certificates": certificates,
                "audit_on": evaluated_on - timedelta(days=7) if code == "SUP-003" else None,
                "audit_result": "findings" if code == "SUP-003" else "",
                "audit_reference": f"AUD-{evaluated_on.year}-{code[-3:]}"
                if code == "SUP-003"
                else "",
                "other_evidence": "Complaint log and corrective action requests reviewed.",
                "decision": decision,
                "reason": reason,
                "conditions": conditions,
                "conditions_until": today + timedelta(days=90) if conditions else None,
            },
        )


def _seed_review(organization, actor, other, today, supplier) -> None:
    contacts = list(Contact.objects.filter(party_id=supplier.party_id, erased_at__isnull=True)[:2])
    review = performance_reviews.performance_review_create(
        organization=organization,
        actor=actor,
        supplier=supplier,
        data={
            "held_on": today - timedelta(days=21),
            "members": [actor, other],
            "contacts": contacts,
            "minutes": "Went through the last quarter's scorecard: OTIF 96 %, two rejected lots "
            "of housings (porosity). Northwind presented its new X-ray inspection cell.",
            "decisions": "Keep the quarterly rhythm; porosity to be closed by an 8D.",
            "actions": [
                {
                    "description": "Send the 8D report on the porosity rejects",
                    "owner": actor,
                    "due_on": today - timedelta(days=3),
                },
                {
                    "description": "Share the forecast for the next two quarters",
                    "owner": other,
                    "due_on": today + timedelta(days=10),
                },
                {
                    "description": "Send the minutes to the attendees",
                    "owner": actor,
                    "due_on": today - timedelta(days=19),
                },
            ],
        },
    )
    minutes_sent = review.actions.order_by("due_on").first()
    performance_reviews.review_action_set_done(
        organization=organization, actor=actor, action=minutes_sent
    )


def _seed_agreements(organization, actor, today, suppliers) -> None:
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
                    {"measure": "On time in full", "target": 95, "unit": "%"},
                    {"measure": "Defects", "target": 500, "unit": "ppm"},
                    {"measure": "8D report after a complaint", "target": 10, "unit": "days"},
                ],
                "disputes": [
                    {
                        "raised_on": today - timedelta(days=120),
                        "description": "Invoice for expedited freight we did not request.",
                        "status": "resolved",
                        "resolution": "Credit note issued for the freight.",
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
                "service_levels": [{"measure": "Pick-up on time", "target": 98, "unit": "%"}],
            },
        )


@register
def seed(organization):
    if (
        ReEvaluation.objects.exists()
        or PerformanceReview.objects.exists()
        or Agreement.objects.exists()
    ):
        return
    people = {
        membership.role: membership.user
        for membership in Membership.objects.filter(organization=organization).select_related(
            "user"
        )
        if membership.role in (Role.ADMIN, Role.MANAGER)
    }
    actor, other = people.get(Role.MANAGER), people.get(Role.ADMIN)
    if actor is None or other is None:
        return
    today = organization_today(organization)
    suppliers = {
        supplier.code: supplier
        for supplier in Supplier.objects.filter(
            code__in=[*DEMO_REEVALUATIONS, "SUP-005"]
        ).select_related("party")
    }
    _seed_reevaluations(organization, actor, today, suppliers)
    if "SUP-001" in suppliers:
        _seed_review(organization, actor, other, today, suppliers["SUP-001"])
    _seed_agreements(organization, actor, today, suppliers)
