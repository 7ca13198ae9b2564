"""Building nonconformities and corrective actions through their services, and bringing a
corrective action to any state the way people do."""

from datetime import date, timedelta

from django.utils import timezone

from corrective_actions.models.corrective_actions import CaState
from corrective_actions.services import corrective_actions as ca_services
from corrective_actions.services import nonconformities as nc_services
from corrective_actions.services import root_cause
from suppliers.services import deliveries as delivery_services

from ..conftest import PASSWORD


def make_nc(org, actor, **data):
    fields = {
        "title": "Burrs on bracket edges",
        "description": "Found at final inspection.",
        "occurred_on": date(2026, 3, 2),
        "severity": "high",
        **data,
    }
    return nc_services.nonconformity_create(organization=org, actor=actor, data=fields)


def make_ca(org, actor, owner=None, **data):
    fields = {
        "title": "Burrs on brackets",
        "problem_statement": "Brackets leave the press with burrs.",
        "severity": "medium",
        "owner": owner or actor,
        **data,
    }
    return ca_services.ca_create(organization=org, actor=actor, data=fields)


def rejected_delivery(org, actor, supplier, rejected=5):
    return delivery_services.delivery_create(
        organization=org,
        actor=actor,
        data={
            "supplier": supplier,
            "order_reference": "PO-77",
            "item": "Bracket",
            "promised_date": date(2026, 1, 10),
            "received_date": date(2026, 1, 12),
            "quantity_ordered": 100,
            "quantity_received": 100,
            "quantity_rejected": rejected,
            "rejection_reason": "Burrs on the edges",
        },
    )


def prepared(org, owner):
    """A corrective action with a root cause found and one action done."""
    ca = make_ca(org, owner.user, effectiveness_criterion="No burrs in 3 lots")
    root_cause.why_add(
        organization=org,
        actor=owner.user,
        analysis=ca.analysis,
        why="Why burrs?",
        because="Worn die",
    )
    ca_services.step_add(
        organization=org,
        actor=owner.user,
        corrective_action=ca,
        data={
            "description": "Replace the die",
            "owner": owner.user,
            "due_on": date(2026, 3, 1),
            "status": "done",
            "evidence": "Work order 5512",
        },
    )
    return ca


PATH = {
    CaState.OPEN: [],
    CaState.ANALYSIS: ["decide_needed"],
    CaState.IMPLEMENTATION: ["decide_needed", "start_actions"],
    CaState.EFFECTIVENESS_CHECK: ["decide_needed", "start_actions", "verify"],
    CaState.EFFECTIVE: ["decide_needed", "start_actions", "verify", "effective"],
    CaState.CLOSED: ["decide_needed", "start_actions", "verify", "effective", "close"],
    CaState.NOT_EFFECTIVE: ["decide_needed", "start_actions", "verify", "not_effective"],
    CaState.NO_ACTION: ["decide_not_needed"],
    CaState.CANCELLED: ["cancel"],
}


def move(org, ca, action, actor, **kwargs):
    kwargs.setdefault("note", "As recorded.")
    if action == "verify":
        # Verified long enough ago that the effectiveness check is due now.
        kwargs.setdefault("at", timezone.now() - timedelta(days=400))
    if action == "close":
        kwargs.setdefault("password", PASSWORD)
    return ca_services.ca_transition(
        organization=org, actor=actor, corrective_action=ca, action=action, **kwargs
    )


def in_state(org, owner, checker, state):
    """A prepared corrective action of ``owner`` brought to ``state``; the effectiveness
    check and the closure made by ``checker``."""
    ca = prepared(org, owner)
    for action in PATH[state]:
        actor = checker.user if action in ("effective", "not_effective", "close") else owner.user
        ca = move(org, ca, action, actor)
    return ca
