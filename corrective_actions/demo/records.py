"""Demo nonconformities and corrective actions: nonconformities opened from rejected
deliveries and from complaints (one disposition approved and signed, one concession
proposed), and corrective actions in every state: one found not effective whose next cycle
is open, one closed and signed by a manager other than its owner, one whose
effectiveness check is overdue, and one with an action past its due date; one opened from
the register's highest-rated risk and one from a detractor's survey answer whose loop was
closed."""

from datetime import timedelta

from django.utils import timezone

from corrective_actions.models import Nonconformity
from corrective_actions.selectors import sources
from corrective_actions.services import corrective_actions as ca_services
from corrective_actions.services import nonconformities as nc_services
from corrective_actions.services import root_cause
from feedback.models import Complaint, SurveyResponse
from parties.models import Risk
from relmgmt.demo.registry import register
from relmgmt.demo.seed import DEMO_PASSWORD
from relmgmt.policy import Role
from relmgmt.tenancy.models import Membership
from suppliers.models import Delivery

# title, severity, the moves made (verify is long enough ago for the check to be due)
ACTIONS = [
    ("Label printer drops characters", "low", []),
    ("Torque values not recorded", "medium", ["decide_needed"]),
    ("Paint thickness below specification", "high", ["decide_needed", "start_actions"]),
    ("Brackets leave the press with burrs", "high", ["decide_needed", "start_actions", "verify"]),
    (
        "Late goods receipt inspection",
        "medium",
        ["decide_needed", "start_actions", "verify", "effective"],
    ),
    (
        "Wrong drawing revision at the lathe",
        "high",
        ["decide_needed", "start_actions", "verify", "effective", "close"],
    ),
    (
        "Seal leaks after 200 hours",
        "critical",
        ["decide_needed", "start_actions", "verify", "not_effective"],
    ),
    ("One-off courier damage", "low", ["decide_not_needed"]),
    ("Duplicate of the torque finding", "low", ["cancel"]),
]
NOTES = {
    "decide_needed": "It can recur on every lot: action is needed.",
    "decide_not_needed": "A single event outside our control; the courier was told.",
    "verify": "Checked on the shop floor: the work orders are closed and the records signed.",
    "effective": "Three lots since, none with the fault.",
    "not_effective": "The leak came back on the next lot: the root cause was not the seal.",
    "cancel": "Recorded twice; the other record goes on.",
}


def _people(organization):
    memberships = Membership.objects.filter(
        organization=organization, role__in=[Role.MANAGER, Role.ADMIN]
    ).select_related("user")
    by_role = {membership.role: membership.user for membership in memberships}
    return by_role.get(Role.MANAGER), by_role.get(Role.ADMIN)


@register
def seed(organization):
    if Nonconformity.objects.filter(organization=organization).exists():
        return
    owner, checker = _people(organization)
    if owner is None or checker is None:
        return
    now = timezone.now()
    nonconformities = _nonconformities(organization, owner, checker)
    for index, (title, severity, moves) in enumerate(ACTIONS):
        opened = now - timedelta(days=320 - index * 25)
        source = nonconformities[index] if index < len(nonconformities) else None
        data = {
            "title": title,
            "severity": severity,
            "category": "product",
            "problem_statement": f"{title}: found in production and reported by quality control.",
            "containment": "Stock on hand sorted; suspect parts quarantined.",
            "owner": owner,
            "effectiveness_criterion": "No recurrence in the next three lots.",
        }
        if source is not None:
            data.update({"source": "nonconformity", "nonconformity": source})
        action = ca_services.ca_create(
            organization=organization, actor=owner, data=data, opened_at=opened
        )
        _analyse(organization, owner, action, opened)
        if index == 1:  # an action still open, past its due date
            ca_services.step_add(
                organization=organization,
                actor=owner,
                corrective_action=action,
                data={
                    "description": "Add the torque check to the control plan",
                    "owner": owner,
                    "due_on": (now - timedelta(days=10)).date(),
                },
            )
        at = opened
        for move in moves:
            at = at + timedelta(days=100 if move in ("effective", "not_effective") else 3)
            actor = checker if move in ("effective", "not_effective", "close") else owner
            if move == "verify" and index == 3:
                at = now - timedelta(days=120)  # its check is overdue now
            ca_services.ca_transition(
                organization=organization,
                actor=actor,
                corrective_action=action,
                action=move,
                note=NOTES.get(move, ""),
                password=DEMO_PASSWORD if move == "close" else "",
                at=min(at, now),
            )
    _from_a_risk_and_a_survey_answer(organization, owner, now)


def _from_a_risk_and_a_survey_answer(organization, owner, now) -> None:
    """The register's highest-rated risk and a detractor's answer (its loop closed, if one
    is) each open a corrective action, the way their pages do."""
    risks = Risk.objects.filter(organization=organization, kind=Risk.Kind.RISK).select_related(
        "party", "owner"
    )
    risk = max(risks, key=lambda found: (found.rating, -found.pk), default=None)
    if risk is not None:
        data = sources.initial_from_risk(risk)
        data.update({"risk": risk, "party": risk.party, "owner": risk.owner or owner})
        data["effectiveness_criterion"] = "The risk's rating falls at its next review."
        action = ca_services.ca_create(
            organization=organization,
            actor=owner,
            data=data,
            opened_at=now - timedelta(days=12),
        )
        ca_services.ca_transition(
            organization=organization,
            actor=owner,
            corrective_action=action,
            action="decide_needed",
            note="Rated high in the register: act before it happens.",
            at=now - timedelta(days=11),
        )
    detractors = (
        SurveyResponse.objects.filter(organization=organization)
        .exclude(follow_up_reason="")
        .select_related("party")
        .order_by("loop_closed_at", "submitted_at", "id")
    )
    answer = detractors.exclude(loop_closed_at=None).first() or detractors.first()
    if answer is not None:
        data = sources.initial_from_survey_answer(answer)
        data.update({"survey_response": answer, "party": answer.party, "owner": owner})
        ca_services.ca_create(
            organization=organization,
            actor=owner,
            data=data,
            opened_at=max(answer.loop_closed_at or answer.submitted_at, now - timedelta(days=5)),
        )


def _analyse(organization, owner, action, opened):
    root_cause.why_add(
        organization=organization,
        actor=owner,
        analysis=action.analysis,
        why="Why did it happen?",
        because="The work instruction does not name the check.",
    )
    root_cause.why_add(
        organization=organization,
        actor=owner,
        analysis=action.analysis,
        why="Why does the instruction not name it?",
        because="It was written before the new product line.",
    )
    for category, cause, is_root in (
        ("method", "Work instruction out of date", True),
        ("people", "New operator on the night shift", False),
        ("machine", "Fixture worn", False),
    ):
        root_cause.cause_add(
            organization=organization,
            actor=owner,
            analysis=action.analysis,
            category=category,
            cause=cause,
            is_root=is_root,
        )
    ca_services.step_add(
        organization=organization,
        actor=owner,
        corrective_action=action,
        data={
            "description": "Rewrite the work instruction and train the shift",
            "owner": owner,
            "due_on": (opened + timedelta(days=5)).date(),
            "status": "done",
            "evidence": "Instruction WI-114 rev. C; training record of the night shift.",
        },
    )


def _nonconformities(organization, owner, checker) -> list:
    made = []
    rejected = Delivery.objects.filter(organization=organization, quantity_rejected__gt=0).order_by(
        "-received_date", "id"
    )[:3]
    for delivery in rejected:
        made.append(
            nc_services.nonconformity_from_delivery(
                organization=organization,
                actor=owner,
                delivery=delivery,
                data={"owner": owner, "containment": "The lot is quarantined at goods receipt."},
            )
        )
    complaints = Complaint.objects.filter(organization=organization, category="product").order_by(
        "id"
    )[:2]
    for complaint in complaints:
        made.append(
            nc_services.nonconformity_create(
                organization=organization,
                actor=owner,
                data={
                    "source": "customer_complaint",
                    "title": complaint.subject,
                    "description": "Reported by the customer.",
                    "occurred_on": timezone.localdate(complaint.received_at),
                    "complaint": complaint,
                    "severity": complaint.severity,
                    "owner": owner,
                },
            )
        )
    if made:
        nc_services.nonconformity_transition(
            organization=organization,
            actor=owner,
            nonconformity=made[0],
            action="propose_disposition",
            disposition="return_to_supplier" if made[0].supplier_id else "rework",
            note="Sent back with the delivery note.",
        )
        nc_services.nonconformity_transition(
            organization=organization,
            actor=checker,
            nonconformity=made[0],
            action="approve_disposition",
            password=DEMO_PASSWORD,
        )
    if len(made) > 1:
        nc_services.nonconformity_transition(
            organization=organization,
            actor=owner,
            nonconformity=made[-1],
            action="propose_disposition",
            disposition="concession",
            customer_authorisation="Approved by the customer's buyer, email of last Monday",
            note="Cosmetic only; the customer accepts the lot at a discount.",
        )
    return made
