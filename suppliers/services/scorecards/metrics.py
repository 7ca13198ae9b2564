"""The built-in scorecard metrics: the only things a criterion can measure.

A metric is a small declaration, never a formula a user typed: where its facts come from (a
*source*, which aggregates them per supplier and period in one grouped query), the SQL
expression that turns the source's columns of a ``ScorecardResult`` row into the metric's
raw value, and how to explain that value on the page. The recalculation builds one
set-based statement from these pieces (see ``suppliers.services.scorecards.recompute``).

To add a metric: add its input columns and ``<key>_value``/``<key>_points`` columns to
``ScorecardResult``, a ``Source`` that fills the input columns (if a new kind of fact),
and a ``Metric`` here.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

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


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    unit: str
    source: str
    help: str
    zero_points_at: Decimal
    full_points_at: Decimal
    value_sql: str  # over the columns of a ScorecardResult row, NULL when no data
    has_tolerance: bool = False
    decimals: int = 1

    @property
    def value_column(self) -> str:
        return f"{self.key}_value"

    @property
    def points_column(self) -> str:
        return f"{self.key}_points"

    def inputs(self, result: Any) -> str:
        """The facts behind the value, in words (for the page)."""
        return INPUTS[self.source](result)


def _delivery_inputs(result: Any) -> str:
    if not result.delivery_count:
        return "No deliveries in the period"
    dates = ""
    if result.first_received:
        dates = f", received {result.first_received:%d %b} to {result.last_received:%d %b %Y}"
    return (
        f"{result.delivery_count} deliveries{dates}; {result.on_time_in_full_count} on time in "
        f"full; {result.late_count} late; {result.quantity_received:g} received, "
        f"{result.quantity_rejected:g} rejected"
    )


def _rating_inputs(result: Any) -> str:
    if not result.rating_count:
        return "No rating for the period"
    return f"{result.rating_count} rating{'s' if result.rating_count != 1 else ''}"


def _questionnaire_inputs(result: Any) -> str:
    if not result.questionnaire_count:
        return "No questionnaire accepted in the period"
    count = result.questionnaire_count
    return f"{count} questionnaire{'s' if count != 1 else ''} accepted in the period"


def _corrective_action_inputs(result: Any) -> str:
    if not result.car_count:
        return "No corrective action request due in the period"
    return (
        f"{result.car_count} corrective action request{'s' if result.car_count != 1 else ''} "
        f"due; {result.car_on_time_count} answered by the due date"
    )


INPUTS = {
    "deliveries": _delivery_inputs,
    "manual": _rating_inputs,
    "questionnaires": _questionnaire_inputs,
    "corrective_actions": _corrective_action_inputs,
}

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

_N = "delivery_count"


def _real(column: str) -> str:
    """A count as a floating-point number, so the division is one (with a decimal literal
    such as ``100.0`` PostgreSQL would divide in its slow arbitrary-precision type)."""
    return q.real_sql(column)


METRICS = {
    metric.key: metric
    for metric in [
        Metric(
            key="otif",
            label="On time in full (OTIF)",
            unit="%",
            source="deliveries",
            help="Deliveries received by the promised date (plus the tolerance) and complete "
            "in quantity, as a share of all deliveries of the period.",
            zero_points_at=Decimal(50),
            full_points_at=Decimal(100),
            value_sql=f"CASE WHEN {_N} > 0 THEN 100 * {_real('on_time_in_full_count')} / {_N} END",
            has_tolerance=True,
        ),
        Metric(
            key="defect_ppm",
            label="Defects (PPM)",
            unit="PPM",
            source="deliveries",
            help="Rejected units per million received.",
            zero_points_at=Decimal(50000),
            full_points_at=Decimal(0),
            value_sql="CASE WHEN quantity_received > 0 "
            "THEN 1000000.0 * quantity_rejected / quantity_received END",
            decimals=0,
        ),
        Metric(
            key="days_late",
            label="Mean days late",
            unit="days",
            source="deliveries",
            help="Average days after the promised date (early or on time counts as 0).",
            zero_points_at=Decimal(10),
            full_points_at=Decimal(0),
            value_sql=f"CASE WHEN {_N} > 0 THEN 1.0 * days_late_sum / {_N} END",
            decimals=2,
        ),
        Metric(
            key="days_late_sd",
            label="Delivery date variability",
            unit="days (SD)",
            source="deliveries",
            help="Standard deviation of received minus promised days (lead time variability).",
            zero_points_at=Decimal(10),
            full_points_at=Decimal(0),
            # Population variance from the sums: E[x²] - E[x]², never below 0 (rounding).
            value_sql=f"CASE WHEN {_N} > 0 THEN SQRT(CASE WHEN "
            f"1.0 * days_diff_sum_squares / {_N} - (1.0 * days_diff_sum / {_N}) "
            f"* (1.0 * days_diff_sum / {_N}) < 0 THEN 0 ELSE "
            f"1.0 * days_diff_sum_squares / {_N} - (1.0 * days_diff_sum / {_N}) "
            f"* (1.0 * days_diff_sum / {_N}) END) END",
            decimals=2,
        ),
        Metric(
            key="manual_rating",
            label="Manual rating",
            unit="of 5",
            source="manual",
            help="The average of the members' ratings (1 to 5) for the period.",
            zero_points_at=Decimal(1),
            full_points_at=Decimal(5),
            value_sql="CASE WHEN rating_count > 0 THEN 1.0 * rating_sum / rating_count END",
        ),
        Metric(
            key="questionnaire",
            label="Questionnaire score",
            unit="of 100",
            source="questionnaires",
            help="The score of the questionnaires accepted in the period (their mean if "
            "several); a period without one has no data for this criterion.",
            zero_points_at=Decimal(0),
            full_points_at=Decimal(100),
            value_sql="CASE WHEN questionnaire_count > 0 "
            "THEN 1.0 * questionnaire_score_sum / questionnaire_count END",
        ),
        Metric(
            key="car_responsiveness",
            label="Responsiveness to corrective action requests",
            unit="%",
            source="corrective_actions",
            help="Corrective action requests due in the period answered by their due date, as "
            "a share of those due (answered, or unanswered and past due).",
            zero_points_at=Decimal(50),
            full_points_at=Decimal(100),
            value_sql="CASE WHEN car_count > 0 "
            f"THEN 100 * {_real('car_on_time_count')} / car_count END",
            decimals=0,
        ),
    ]
}


def metric_choices() -> list[tuple[str, str]]:
    return [(metric.key, metric.label) for metric in METRICS.values()]
