"""The management review's section on nonconformities and corrective actions (ISO 9001
9.3.2 c) 4)), registered into ``relmgmt.core.extensions.review_inputs`` under the key of the
section the review would otherwise have entered by hand. Plain data, stored as it stands
when the review is held."""

from __future__ import annotations

from datetime import date

from corrective_actions.models import CorrectiveAction, Nonconformity
from corrective_actions.models.corrective_actions import CA_OPEN_STATES, CaState
from corrective_actions.models.nonconformities import NcState
from corrective_actions.selectors import measures
from corrective_actions.selectors.corrective_actions import figures
from relmgmt.core.extensions import ReviewInput


def _value(value, unit: str = "") -> str:
    return "no data" if value is None else f"{value:g}{unit}"


def _states_table(title: str, choices, counts: dict[str, int]) -> dict:
    return {
        "title": title,
        "columns": ["State", "Number"],
        "rows": [[label, counts.get(key, 0)] for key, label in choices if counts.get(key)],
    }


def nonconformities_and_actions(organization, start: date, end: date) -> dict:
    """9.3.2 c) 4): nonconformities and corrective actions opened and closed in the
    period, their states at its end, the effectiveness and recurrence rates of the period,
    the median days to close, and those overdue when the section was generated."""
    ncs = measures.opened_and_closed(
        Nonconformity.objects.filter(organization=organization), start, end
    )
    cas = measures.opened_and_closed(
        CorrectiveAction.objects.filter(organization=organization), start, end
    )
    now = figures(
        organization=organization,
        queryset=CorrectiveAction.objects.filter(
            organization=organization, state__in=CA_OPEN_STATES
        ),
    )
    return {
        "figures": [
            ["Nonconformities opened", ncs["opened"]],
            ["Nonconformities closed", ncs["closed"]],
            ["Corrective actions opened", cas["opened"]],
            ["Corrective actions closed", cas["closed"]],
            [
                "Found effective (%)",
                _value(measures.effectiveness_rate(organization, start, end)),
            ],
            ["Recurrences (%)", _value(measures.recurrence_rate(organization, start, end))],
            [
                "Median days to close",
                _value(measures.days_to_close(organization, start, end)),
            ],
            ["Corrective actions open at the review", now.open],
            ["Corrective actions overdue at the review", now.overdue],
        ],
        "tables": [
            _states_table(
                f"Nonconformities by state on {end.isoformat()}",
                NcState.choices,
                measures.nonconformity_states_at(organization, end),
            ),
            _states_table(
                f"Corrective actions by state on {end.isoformat()}",
                CaState.choices,
                measures.action_states_at(organization, end),
            ),
            {
                "title": "Corrective actions open at the review, by age",
                "columns": ["Age", "Number"],
                "rows": [[label, n] for label, n in now.open_by_age],
            },
        ],
        "note": "Open and overdue are counted when the section is generated; the review "
        "keeps them as they stood when it was held.",
    }


INPUT = ReviewInput(
    "nonconformities",
    "Nonconformities and corrective actions",
    "9.3.2 c) 4)",
    nonconformities_and_actions,
    60,
)
