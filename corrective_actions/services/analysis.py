"""The root cause analysis of a corrective action, edited through the API as on its page:
only while the corrective action is being planned (open, in analysis or with its actions
under way), and through ``corrective_actions.services.root_cause`` (which refuses a frozen
analysis and records every change in the audit trail)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError

from corrective_actions.services.corrective_actions import PLANNING_STATES

if TYPE_CHECKING:
    from corrective_actions.models import CorrectiveAction, RootCauseAnalysis

CLOSED = "The analysis of this corrective action is closed."


def editable_analysis(corrective_action: CorrectiveAction) -> RootCauseAnalysis:
    """The corrective action's analysis, refused once the corrective action is past
    planning (verified, checked, closed, cancelled or found needing no action)."""
    if corrective_action.state not in PLANNING_STATES:
        raise ValidationError(CLOSED)
    return corrective_action.analysis
