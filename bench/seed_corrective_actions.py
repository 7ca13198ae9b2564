"""Corrective actions for the benchmarks, by bulk inserts: ``count`` of them in an
organisation, in every state, source, category and severity, with parties and suppliers
among them and one shared (empty) root cause analysis; and open action steps on them."""

import random
from datetime import timedelta

from django.utils import timezone

from corrective_actions.models import ActionStep, CorrectiveAction, RootCauseAnalysis
from corrective_actions.models.common import Category, Severity
from corrective_actions.models.corrective_actions import CaSource, CaState
from relmgmt.core.scoping import org_scope

from .seed_surveys import insert_rows

STATES = CaState.values
SOURCES = [CaSource.OTHER, CaSource.AUDIT_FINDING, CaSource.NONCONFORMITY]
CATEGORIES = Category.values
SEVERITIES = Severity.values


def corrective_actions(
    organization, owner, count: int, *, parties=(), states=STATES, seed: int = 19
) -> None:
    """``count`` corrective actions opened over the last two years, in ``states`` in turn."""
    rng = random.Random(seed)
    now = timezone.now()
    with org_scope(organization):
        analysis = RootCauseAnalysis.objects.create(organization=organization)
    rows = []
    for n in range(count):
        opened = now - timedelta(minutes=rng.randrange(2 * 365 * 24 * 60))
        state = states[n % len(states)]
        closed = state in (CaState.CLOSED, CaState.NOT_EFFECTIVE, CaState.CANCELLED)
        rows.append(
            {
                "organization_id": organization.pk,
                "reference": f"CA-{opened.year}-{n + 1:06d}",
                "year": opened.year,
                "number": n + 1,
                "source": SOURCES[n % len(SOURCES)],
                "category": CATEGORIES[n % len(CATEGORIES)],
                "severity": SEVERITIES[n % len(SEVERITIES)],
                "title": f"Corrective action number {n}",
                "problem_statement": "Parts leave the press with burrs.",
                "containment": "",
                "source_reference": "IA-2026-01" if n % len(SOURCES) == 1 else "",
                "party_id": parties[n % len(parties)].pk if parties else None,
                "cycle": 1,
                "owner_id": owner.pk,
                "analysis_id": analysis.pk,
                "state": state,
                "decision_note": "",
                "verification_note": "",
                "effectiveness_criterion": "",
                "effectiveness_result": "",
                "risks_updated": "",
                "qms_changes": "",
                "opened_at": opened,
                "closed_at": opened + timedelta(days=20) if closed else None,
            }
        )
    insert_rows(CorrectiveAction, rows)


def open_steps(organization, owner, per_action: int, *, due_on) -> int:
    """``per_action`` open (planned) steps, due on ``due_on``, on each open corrective
    action of the organisation; the number made."""
    with org_scope(organization):
        ids = list(
            CorrectiveAction.objects.filter(
                organization=organization,
                state__in=[CaState.OPEN, CaState.ANALYSIS, CaState.IMPLEMENTATION],
            ).values_list("pk", flat=True)
        )
    rows = [
        {
            "organization_id": organization.pk,
            "corrective_action_id": pk,
            "description": f"Action {k} of {pk}",
            "owner_id": owner.pk,
            "due_on": due_on - timedelta(days=(pk + k) % 9),
            "status": "planned",
            "evidence": "",
        }
        for pk in ids
        for k in range(per_action)
    ]
    insert_rows(ActionStep, rows)
    return len(rows)
