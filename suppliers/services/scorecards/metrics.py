"""Where the scorecard metrics' facts come from: each *source* aggregates one kind of
fact per supplier and period in one grouped query (the pieces in ``sql``). The metrics
themselves are declared in ``suppliers.models.metrics``; the recalculation builds one
set-based statement from both (see ``suppliers.services.scorecards.recompute``).
"""

from dataclasses import dataclass, field

from suppliers.services.scorecards import sql as q


@dataclass(frozen=True)
class Source:
    """Facts aggregated per (supplier, period) into columns of ``ScorecardResult``.

    ``select(connection, *, organization_id, period, scope, parameters)`` returns
    ``(sql, params)`` of a grouped query naming ``supplier_id``, ``period_start`` and
    each of ``columns`` (in that order)."""

    key: str
    label: str
    columns: tuple[str, ...]
    defaults: dict = field(default_factory=dict)  # column -> value when the source has no row
    select: object = None


SOURCES = {
    "deliveries": Source(
        key="deliveries",
        label="Deliveries",
        columns=(
            "delivery_count",
            "on_time_in_full_count",
            "late_count",
            "quantity_received",
            "quantity_rejected",
            "days_late_sum",
            "days_diff_sum",
            "days_diff_sum_squares",
            "first_received",
            "last_received",
        ),
        defaults={
            "delivery_count": 0,
            "on_time_in_full_count": 0,
            "late_count": 0,
            "quantity_received": 0,
            "quantity_rejected": 0,
            "days_late_sum": 0,
            "days_diff_sum": 0,
            "days_diff_sum_squares": 0,
            "first_received": None,
            "last_received": None,
        },
        select=q.deliveries_select,
    ),
    "manual": Source(
        key="manual",
        label="Manual ratings",
        columns=("rating_count", "rating_sum"),
        defaults={"rating_count": 0, "rating_sum": 0},
        select=q.ratings_select,
    ),
    "questionnaires": Source(
        key="questionnaires",
        label="Questionnaires",
        columns=("questionnaire_count", "questionnaire_score_sum"),
        defaults={"questionnaire_count": 0, "questionnaire_score_sum": 0},
        select=q.questionnaires_select,
    ),
    "corrective_actions": Source(
        key="corrective_actions",
        label="Corrective action requests",
        columns=("car_count", "car_on_time_count"),
        defaults={"car_count": 0, "car_on_time_count": 0},
        select=q.corrective_actions_select,
    ),
}
