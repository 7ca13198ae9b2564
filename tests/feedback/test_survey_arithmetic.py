"""NPS, CSAT and effort: hand-computed cases, and properties over any answers (the scores
stay in range and do not depend on the order of the answers); the database's GROUP BY
agrees with the arithmetic."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from feedback.selectors.surveys import csat_of, mean_of, nps_of


@pytest.mark.parametrize(
    ("scores", "promoters", "passives", "detractors", "score"),
    [
        ([], 0, 0, 0, None),
        ([10, 9, 8, 7, 6, 0], 2, 2, 2, 0.0),
        ([10, 10, 10, 10], 4, 0, 0, 100.0),
        ([0, 1, 2, 3, 4, 5, 6], 0, 0, 7, -100.0),
        ([9, 7, 6], 1, 1, 1, 0.0),
        ([10, 9, 9, 8, 3, 7, 10, 2], 4, 2, 2, 25.0),
        ([10, 6, 6], 1, 0, 2, -33.3),
    ],
)
def test_nps_by_hand(scores, promoters, passives, detractors, score):
    nps = nps_of(scores)
    assert (nps.promoters, nps.passives, nps.detractors) == (promoters, passives, detractors)
    assert nps.score == score


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ([], (None, 0, 0)),
        ([5, 4, 3, 2, 1], (40.0, 2, 5)),
        ([4, 4, 4], (100.0, 3, 3)),
        ([1, 2, 3], (0.0, 0, 3)),
        ([5, 1, 1], (33.3, 1, 3)),
    ],
)
def test_csat_by_hand(scores, expected):
    assert csat_of(scores) == expected


def test_effort_mean_by_hand():
    assert mean_of([1, 2, 7]) == 3.33
    assert mean_of([]) is None


nps_answers = st.lists(st.integers(0, 10), max_size=300)
csat_answers = st.lists(st.integers(1, 5), max_size=300)


@given(nps_answers, st.randoms())
def test_nps_is_in_range_and_independent_of_order(scores, rng):
    nps = nps_of(scores)
    assert nps.total == len(scores)
    if scores:
        assert -100 <= nps.score <= 100
    shuffled = list(scores)
    rng.shuffle(shuffled)
    assert nps_of(shuffled) == nps


@given(csat_answers, st.randoms())
def test_csat_is_in_range_and_independent_of_order(scores, rng):
    percent, happy, total = csat_of(scores)
    assert total == len(scores) and 0 <= happy <= total
    if scores:
        assert 0 <= percent <= 100
    shuffled = list(scores)
    rng.shuffle(shuffled)
    assert csat_of(shuffled) == (percent, happy, total)


@given(st.lists(st.integers(1, 7), min_size=1, max_size=100))
def test_effort_mean_is_between_the_extremes(scores):
    assert min(scores) - 0.01 <= mean_of(scores) <= max(scores) + 0.01
