"""Where a corrective action comes from, beyond a nonconformity or a complaint: a risk or
opportunity of the register (ISO 9001 6.1, 10.2.1 e), an audit finding (its reference) or
a survey answer whose loop was closed. What a new one starts with, and those already opened
from a record (the links shown on both sides)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from corrective_actions.models import CorrectiveAction
from corrective_actions.models.common import Category
from corrective_actions.models.corrective_actions import CaSource

if TYPE_CHECKING:
    from feedback.models import SurveyResponse
    from parties.models import Risk
    from relmgmt.tenancy.models import Organization

# The register's bands (low up to 4, medium 5 to 9, high from 10), critical from 20.
RATING_SEVERITY = ((20, "critical"), (10, "high"), (5, "medium"), (0, "low"))


def _severity(rating: int) -> str:
    return next(severity for floor, severity in RATING_SEVERITY if rating >= floor)


def initial_from_risk(risk: Risk) -> dict:
    """A new corrective action of a risk: its words, its party, its owner, and a severity
    by its rating (likelihood x impact)."""
    words = risk.description.strip()
    return {
        "source": CaSource.RISK,
        "risk": risk.pk,
        "party": risk.party_id,
        "title": words.splitlines()[0][:200] if words else f"Risk {risk.pk}",
        "problem_statement": words,
        "severity": _severity(risk.rating),
        **({"owner": risk.owner_id} if risk.owner_id else {}),
    }


def initial_from_survey_answer(response: SurveyResponse) -> dict:
    """A new corrective action of an unhappy survey answer: why it was followed up and
    what the loop's closure found."""
    parts = [
        f"Survey answer of {response.party.name} ({response.follow_up_reason})."
        if response.follow_up_reason
        else f"Survey answer of {response.party.name}.",
        response.loop_outcome.strip(),
    ]
    category = response.loop_cause if response.loop_cause in Category.values else Category.OTHER
    return {
        "source": CaSource.SURVEY_ANSWER,
        "survey_response": response.pk,
        "party": response.party_id,
        "category": category,
        "title": f"Survey answer of {response.party.name}"[:200],
        "problem_statement": "\n\n".join(part for part in parts if part),
    }


def _opened(organization: Organization) -> QuerySet[CorrectiveAction]:
    return CorrectiveAction.objects.filter(organization=organization).order_by("opened_at", "id")


def of_risk(*, organization: Organization, risk_id: int) -> list[CorrectiveAction]:
    return list(_opened(organization).filter(risk_id=risk_id))


def of_survey_response(*, organization: Organization, response_id: int) -> list[CorrectiveAction]:
    return list(_opened(organization).filter(survey_response_id=response_id))
