"""Property tests of the customer figures: whatever the revenue and the marks, every rate
stays within 0-100, no more customers are lost than were on the books, the figures do not
depend on the order the rows were entered in, and they agree with a plain model of the
definitions written here over Python lists."""

import itertools
import random
from datetime import date
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from customers.models import Loss
from customers.selectors.figures import customer_figures
from customers.services import revenue as services
from relmgmt.core.scoping import org_scope
from tests.customers.helpers import customer

_names = itertools.count(1)
FIRST_MONTH = 2024 * 12  # quarter index 2024 * 4
START, END = date(2025, 1, 1), date(2025, 12, 31)  # quarters 4..7 of the model below

facts = st.lists(st.tuples(st.integers(0, 3), st.integers(0, 23), st.integers(0, 500)), max_size=25)
marks = st.lists(st.tuples(st.integers(0, 3), st.integers(0, 23)), max_size=3)
PROPERTY_SETTINGS = settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _month(index):
    month = FIRST_MONTH + index
    return date(month // 12, month % 12 + 1, 1)


def _book(make_org, rows, lost, order_seed):
    org = make_org(slug=f"prop{next(_names)}")
    parties = [customer(org, f"C{n}") for n in range(4)]
    unique = {(c, m): amount for c, m, amount in rows}
    items = [
        services.Item(
            position=n,
            values={
                "party": parties[c],
                "period_start": _month(m),
                "period_kind": "month",
                "amount": Decimal(amount),
                "category_spend": None,
                "margin": None,
            },
        )
        for n, ((c, m), amount) in enumerate(sorted(unique.items()))
    ]
    random.Random(order_seed).shuffle(items)
    services.revenues_write_many(organization=org, actor=None, items=items, reason="test")
    with org_scope(org):
        for c, m in lost:
            Loss.objects.create(
                organization=org,
                party=parties[c],
                lost_on=_month(m),
                reason="x",
                month_index=FIRST_MONTH + m,
            )
    return org, unique


def _figures(org):
    rows = customer_figures(organization=org, start=START, end=END, lost_after=2).segment_rows()
    return [(r.at_start, r.active, r.new, r.won_back, r.lost, r.revenue) for r in rows]


def _model(unique, lost, after=2):
    """The definitions over lists: quarters 0..7, the figures of quarters 4..7."""
    table = {t: [0, 0, 0, 0, 0, Decimal(0)] for t in range(4, 8)}
    for c in range(4):
        by_quarter = {}
        for (party, m), amount in unique.items():
            if party == c:
                by_quarter[m // 3] = by_quarter.get(m // 3, 0) + amount
        active = sorted(q for q, amount in by_quarter.items() if amount > 0)
        quarter_marks = sorted(m // 3 for party, m in lost if party == c)
        spans = []
        for i, p in enumerate(active):
            nxt = active[i + 1] if i + 1 < len(active) else None
            gap = p + after if nxt is None or nxt > p + after else None
            mark = min(
                (m for m in quarter_marks if m >= p and (nxt is None or m < nxt)), default=None
            )
            mark_at = None if mark is None else max(mark, p + 1)
            if mark_at is not None and nxt is not None and mark_at >= nxt:
                mark_at = None
            lost_at = min(x for x in (gap, mark_at, 10**6) if x is not None)
            lost_at = None if lost_at == 10**6 else lost_at
            spans.append((p, nxt, lost_at))
        for t in range(4, 8):
            row = table[t]
            for i, (p, nxt, lost_at) in enumerate(spans):
                end = min(x for x in (nxt, lost_at, 10**6) if x is not None)
                if p < t <= end:
                    row[0] += 1  # on the books at the end of t - 1
                if p == t:
                    row[1] += 1
                    row[5] += by_quarter[p]
                    if i == 0:
                        row[2] += 1
                    elif spans[i - 1][2] is not None:
                        row[3] += 1
                if lost_at == t:
                    row[4] += 1
    return [tuple(table[t]) for t in range(4, 8)]


@PROPERTY_SETTINGS
@given(rows=facts, lost=marks, seed=st.integers(0, 1000))
def test_rates_stay_within_bounds_and_match_the_model(make_org, rows, lost, seed):
    org, unique = _book(make_org, rows, lost, seed)
    figures = customer_figures(organization=org, start=START, end=END, lost_after=2)
    for row in figures.segment_rows():
        assert 0 <= row.lost <= row.at_start
        for rate in (row.churn_rate, row.retention_rate):
            assert rate is None or 0 <= rate <= 100
    assert _figures(org) == _model(unique, lost)


@PROPERTY_SETTINGS
@given(rows=facts, lost=marks, seeds=st.tuples(st.integers(0, 1000), st.integers(0, 1000)))
def test_the_figures_do_not_depend_on_the_order_rows_were_entered(make_org, rows, lost, seeds):
    first, _unique = _book(make_org, rows, lost, seeds[0])
    second, _unique = _book(make_org, rows, lost, seeds[1])
    assert _figures(first) == _figures(second)
