"""The scoring rule of questionnaires, over plain values (no database), so the review page,
the API and the tests compute the same numbers.

Each scored question earns 0 to 100 points:

- yes/no: yes 100, no 0;
- scale: where the answer lies between the scale's ends, (value - min) / (max - min) x 100;
- single choice: the chosen option's points over the best option's points x 100;
- text and file: the reviewer's points (0 to 100); none given yet counts as not scored.

The score is sum(weight x points) / sum(weight) over every scored question, rounded half
up to one decimal. An unanswered scored question earns 0: leaving out "Do you hold ISO
9001?" must not raise a supplier's score.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from suppliers.models.questionnaires import MANUALLY_SCORED_KINDS, QuestionKind

if TYPE_CHECKING:
    from suppliers.models import Question

HUNDRED = Decimal(100)
ONE_DECIMAL = Decimal("0.1")


def _round(value: Decimal) -> Decimal:
    return value.quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def answer_points(question: Question, value: Any) -> Decimal | None:
    """The points an automatically scored answer earns; None for a kind the reviewer scores
    or an unanswered question."""
    if question.kind in MANUALLY_SCORED_KINDS or value in (None, ""):
        return None
    if question.kind == QuestionKind.YES_NO:
        return _round(HUNDRED if value is True else Decimal(0))
    if question.kind == QuestionKind.SCALE:
        span = Decimal(question.scale_max - question.scale_min)
        return _round((Decimal(int(value)) - question.scale_min) / span * HUNDRED)
    if question.kind == QuestionKind.CHOICE:
        best = max((Decimal(str(option["points"])) for option in question.options), default=0)
        for option in question.options:
            if option["label"] == value:
                return _round(Decimal(str(option["points"])) / best * HUNDRED) if best else None
    return None


@dataclass(frozen=True)
class QuestionScore:
    question: object
    points: Decimal | None  # None: unanswered (counts 0) or waiting for the reviewer
    weight: int
    manual: bool


@dataclass(frozen=True)
class Score:
    lines: list[QuestionScore]
    total: Decimal | None  # None when nothing is scored
    missing_manual: list  # manually scored questions without the reviewer's points


def score(questions: Iterable[Question], values: dict, reviewer_points: dict) -> Score:
    """The score of answers ``values`` ({question id: value}) with the reviewer's points
    ({question id: Decimal}) for the text and file questions."""
    lines, missing, weighted, weights = [], [], Decimal(0), 0
    for question in questions:
        if not question.scored:
            continue
        manual = question.kind in MANUALLY_SCORED_KINDS
        if manual:
            points = reviewer_points.get(question.pk)
            if points is None:
                missing.append(question)
        else:
            points = answer_points(question, values.get(question.pk))
        lines.append(QuestionScore(question, points, question.weight, manual))
        weighted += question.weight * (points or 0)
        weights += question.weight
    total = _round(weighted / weights) if weights else None
    return Score(lines=lines, total=total, missing_manual=missing)
