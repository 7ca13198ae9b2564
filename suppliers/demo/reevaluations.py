"""Demo re-evaluations, a performance review and agreements: the re-evaluations of 2025,
brought in by the history import with their evidence as it stood on their day (Fabrikam's
cites the questionnaire accepted before it, the certificate valid then and the scorecard of
its month; it is overdue again), then a few recorded in the system since; and through
``performance_reviews`` and ``agreements`` a quarterly review with Northwind with its
actions (one overdue, one closed), a supply agreement with service levels and a resolved
dispute, and a logistics agreement ending within two months. Seeded once per organisation
(left alone when any re-evaluation, review or agreement is there)."""

from datetime import timedelta

from relmgmt.core.dates import organization_today
from relmgmt.demo.registry import register
from relmgmt.demo.seed import DEMO_PASSWORD
from relmgmt.policy import Role
from relmgmt.tenancy.models import Membership
from suppliers.demo.agreements import seed_agreements
from suppliers.demo.continuity import seed_continuity
from suppliers.demo.history import fact, import_history
from suppliers.demo.performance_reviews import seed_review
from suppliers.models import Agreement, PerformanceReview, ReEvaluation, Supplier
from suppliers.services import history
from suppliers.services import reevaluations as reevaluation_services

# code -> (days ago, decision, reason, conditions): recorded in the system.
DEMO_REEVALUATIONS = {
    "SUP-001": (30, "continue", "OTIF above target all year; ISO 9001 renewed.", ""),
    "SUP-002": (60, "continue", "Stable quality; no open complaints.", ""),
    "SUP-012": (
        20,
        "conditions",
        "Seal hardness drift found in incoming inspection.",
        "Monthly SPC charts on hardness; 8D on the drift within 30 days.",
    ),
}
# code -> (days ago, decision, reason): the re-evaluations of 2025, from the old records.
# Fabrikam (critical) was re-evaluated 13 months ago: due again a month ago (overdue).
PAST_REEVALUATIONS = {
    "SUP-003": (400, "continue", "Audit AUD-2025-003 passed with two observations."),
    "SUP-001": (395, "continue", "Deliveries on time; questionnaire pending renewal."),
    "SUP-011": (370, "continue", "Spring fatigue tests conforming; IATF audit passed."),
}


def _import_past(organization, actor, today, suppliers) -> None:
    import_history(
        organization,
        actor,
        [
            fact(
                code,
                "reevaluation",
                today - timedelta(days=days),
                decided_by=actor.email,
                decision=decision,
                reason=reason,
            )
            for code, (days, decision, reason) in PAST_REEVALUATIONS.items()
            if code in suppliers
        ],
    )


def _seed_reevaluations(organization, actor, today, suppliers) -> None:
    for code, (days, decision, reason, conditions) in DEMO_REEVALUATIONS.items():
        supplier = suppliers.get(code)
        if supplier is None:
            continue
        evaluated_on = today - timedelta(days=days)
        certificates = [  # those valid on the day
            certificate.pk
            for certificate in history.certificates_valid_on(organization, supplier, evaluated_on)
        ]
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
            code__in=[*DEMO_REEVALUATIONS, *PAST_REEVALUATIONS, "SUP-005"]
        ).select_related("party")
    }
    _import_past(organization, actor, today, suppliers)
    _seed_reevaluations(organization, actor, today, suppliers)
    if "SUP-001" in suppliers:
        seed_review(organization, actor, other, today, suppliers["SUP-001"])
    seed_agreements(organization, actor, today, suppliers)
    seed_continuity(organization, actor, today)
