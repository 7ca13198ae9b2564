"""What a re-evaluation or a performance review copies of a supplier's standing on the day:
its scorecard and its latest accepted questionnaire, as plain JSON, so the record keeps
what the people deciding saw even after later deliveries or a new definition move the
scores."""

from datetime import date
from typing import Any

from relmgmt.core.dates import end_of_day, organization_today
from relmgmt.core.scoping import org_scope
from suppliers.models import Supplier
from suppliers.selectors import questionnaires as questionnaire_selectors
from suppliers.selectors import scorecards as scorecard_selectors

# How many recent periods the copy keeps beside the latest scored one.
RECENT_PERIODS = 6


def _number(value: Any, places: int = 1) -> float | None:
    return None if value is None else round(float(value), places)


def scorecard_snapshot(supplier: Supplier, on: date | None = None) -> dict:
    """The supplier's scorecard as it stands today, or as it stood ``on`` a past day: the
    latest scored period up to the one holding that day, with each criterion's inputs and
    points, and the recent periods' scores ("no data" kept)."""
    organization = supplier.organization
    today = on or organization_today(organization)
    with org_scope(organization):
        card = scorecard_selectors.supplier_scorecard(
            organization=organization,
            supplier=supplier,
            include_changes=False,
            include_ratings=False,
            on=today,
        )
    snapshot = {"source": "scorecard", "taken_on": today.isoformat()}
    if card.definition is None:
        return {**snapshot, "no_data": True, "note": "No scorecard is defined."}
    snapshot["definition_version"] = card.definition.version
    snapshot["recent"] = [
        {"period": row.label, "score": _number(row.score), "standing": row.standing_label}
        for row in card.periods[:RECENT_PERIODS]
    ]
    latest = card.scored[0] if card.scored else None
    if latest is None:
        return {**snapshot, "no_data": True, "note": "No period with data yet."}
    return {
        **snapshot,
        "no_data": False,
        "period": latest.label,
        "score": _number(latest.score),
        "standing": latest.standing_label,
        "criteria": [
            {
                "label": line.label,
                "weight": line.weight,
                "value": _number(line.value, line.decimals),
                "unit": line.unit,
                "points": _number(line.points),
                "inputs": line.inputs,
            }
            for line in latest.lines
        ],
    }


def questionnaire_snapshot(supplier: Supplier, on: date | None = None) -> dict:
    """The supplier's latest accepted questionnaire (by the end of ``on``, when given):
    which, when, and its score."""
    organization = supplier.organization
    before = end_of_day(organization, on) if on is not None else None
    with org_scope(organization):
        latest = questionnaire_selectors.latest_score(
            organization=organization, supplier=supplier, before=before
        )
    if latest is None:
        return {"source": "none", "note": "No questionnaire of this supplier is accepted yet."}
    return {
        "source": "questionnaire",
        "questionnaire": str(latest.template),
        "accepted_on": latest.reviewed_at.date().isoformat(),
        "score": _number(latest.score),
    }
