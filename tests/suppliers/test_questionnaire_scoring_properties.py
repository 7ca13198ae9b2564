"""The scoring rule's properties over any answers: the score stays within 0-100, does not
depend on the order of the questions, and all-best answers score 100."""

from decimal import Decimal
from types import SimpleNamespace

from hypothesis import given
from hypothesis import strategies as st

from suppliers.services.questionnaires.scoring import score


@st.composite
def questionnaires(draw):
    questions, values, points = [], {}, {}
    for pk in range(1, draw(st.integers(1, 12)) + 1):
        kind = draw(st.sampled_from(["yes_no", "scale", "choice", "text", "file"]))
        low = draw(st.integers(-5, 5))
        options = [
            {"label": f"o{n}", "points": draw(st.integers(0, 100))}
            for n in range(draw(st.integers(2, 5)))
        ]
        if kind == "choice" and not any(o["points"] for o in options):
            options[0]["points"] = 1
        question = SimpleNamespace(
            pk=pk,
            kind=kind,
            scored=draw(st.booleans()),
            weight=draw(st.integers(1, 10)),
            scale_min=low,
            scale_max=low + draw(st.integers(1, 10)),
            options=options,
        )
        questions.append(question)
        if draw(st.booleans()):
            if kind == "yes_no":
                values[pk] = draw(st.booleans())
            elif kind == "scale":
                values[pk] = draw(st.integers(question.scale_min, question.scale_max))
            elif kind == "choice":
                values[pk] = draw(st.sampled_from([o["label"] for o in options]))
            else:
                points[pk] = Decimal(draw(st.integers(0, 1000))) / 10
    return questions, values, points


@given(questionnaires(), st.randoms())
def test_a_score_stays_within_0_and_100_whatever_the_order(case, random):
    questions, values, points = case
    result = score(questions, values, points)
    shuffled = list(questions)
    random.shuffle(shuffled)
    assert score(shuffled, values, points).total == result.total
    if result.total is not None:
        assert Decimal(0) <= result.total <= Decimal(100)


@given(questionnaires())
def test_the_best_answer_to_every_scored_question_scores_100(case):
    questions, _values, _points = case
    values, points = {}, {}
    for q in questions:
        if q.kind == "yes_no":
            values[q.pk] = True
        elif q.kind == "scale":
            values[q.pk] = q.scale_max
        elif q.kind == "choice":
            values[q.pk] = max(q.options, key=lambda o: o["points"])["label"]
        else:
            points[q.pk] = Decimal(100)
    total = score(questions, values, points).total
    assert total is None or total == Decimal(100)
