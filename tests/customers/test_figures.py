"""Every customer figure against a hand-computed case (quarters, lost after 2 quarters
without revenue), and the edge cases: a customer's first period, one with no revenue yet,
won back after being lost, a period with no customers, a quarter's row in months."""

from datetime import date
from decimal import Decimal

import pytest

from customers.selectors.figures import customer_figures
from customers.services import revenue as services
from parties.models import Party
from relmgmt.core.scoping import org_scope
from tests.customers.helpers import customer, quarter, revenue

pytestmark = pytest.mark.django_db


@pytest.fixture
def book(org):
    """A: every quarter of 2025; B: 2024 Q4 and 2025 Q1, then nothing (lost in Q3);
    C: first revenue in Q2 (lost in Q4); D: 2024 Q3 only (lost in 2025 Q1), won back in Q4;
    E: Q1, marked lost in February (counts from Q2); F: no revenue yet."""
    a = customer(org, "A", tier="strategic")
    b, c, d, e = (customer(org, name) for name in "BCDE")
    customer(org, "F")
    for number in range(1, 5):
        revenue(org, a, quarter(2025, number), 100, kind="quarter", spend=400, margin=20)
    revenue(org, b, quarter(2024, 4), 50, kind="quarter")
    revenue(org, b, date(2025, 2, 1), 50)
    revenue(org, c, quarter(2025, 2), 200, kind="quarter", margin=50)
    revenue(org, d, date(2024, 8, 1), 80)
    revenue(org, d, date(2025, 11, 1), 120)
    revenue(org, e, date(2025, 1, 1), 30)
    services.loss_mark(
        organization=org, actor=None, party=e, lost_on=date(2025, 2, 15), reason="Moved away"
    )
    return org


def figures_2025(org, **options):
    return customer_figures(
        organization=org, start=date(2025, 1, 1), end=date(2025, 12, 31), lost_after=2, **options
    )


def test_every_figure_by_hand(book):
    figures = figures_2025(book)
    rows = figures.segment_rows()
    assert [row.period.label for row in rows] == ["2025 Q1", "2025 Q2", "2025 Q3", "2025 Q4"]
    table = [
        (row.at_start, row.active, row.new, row.won_back, row.lost, row.retained) for row in rows
    ]
    assert table == [(2, 3, 2, 0, 1, 1), (3, 2, 1, 0, 1, 2), (3, 1, 0, 0, 1, 2), (2, 2, 0, 1, 1, 1)]
    assert [row.churn_rate for row in rows] == [50.0, 33.33, 33.33, 50.0]
    assert [row.retention_rate for row in rows] == [50.0, 66.67, 66.67, 50.0]
    assert [row.revenue for row in rows] == [Decimal(180), Decimal(300), Decimal(100), Decimal(220)]
    assert [row.revenue_per_account for row in rows] == [
        Decimal("60.00"),
        Decimal("150.00"),
        Decimal("100.00"),
        Decimal("110.00"),
    ]
    assert [row.share_of_wallet for row in rows] == [25.0, 25.0, 25.0, 25.0]
    assert [row.margin_per_account for row in rows] == [
        Decimal("20.00"),
        Decimal("35.00"),
        Decimal("20.00"),
        Decimal("20.00"),
    ]
    # 4 lost of 10 at start: churn 40 %, lifetime 2.5 quarters; margin 130 over 5 accounts.
    assert figures.lifetime() == {
        "average_churn_rate": 40.0,
        "expected_lifetime_periods": 2.5,
        "margin_per_account_period": Decimal("26.00"),
        "lifetime_value": Decimal("65.00"),
    }


def test_a_period_with_no_customers(book):
    figures = customer_figures(
        organization=book, start=date(2023, 1, 1), end=date(2023, 6, 30), lost_after=2
    )
    rows = figures.segment_rows()
    assert [(row.at_start, row.active, row.lost) for row in rows] == [(0, 0, 0), (0, 0, 0)]
    assert rows[0].churn_rate is None and rows[0].retention_rate is None
    assert rows[0].revenue_per_account is None and rows[0].share_of_wallet is None
    assert figures.lifetime()["lifetime_value"] is None


def test_the_lost_after_setting_changes_who_is_lost(book):
    rows = customer_figures(
        organization=book, start=date(2025, 1, 1), end=date(2025, 12, 31), lost_after=3
    ).segment_rows()
    # D (2024 Q3) is lost in 2025 Q2 now; B in Q4; C (Q2) not before 2026; E by its mark.
    assert [row.lost for row in rows] == [0, 2, 0, 1]
    assert rows[3].won_back == 1


def test_segments_and_a_filter_of_parties(book):
    figures = figures_2025(book, segment="tier")
    assert set(figures.segments) == {"strategic", "managed"}
    strategic = figures.segment_rows("strategic")
    assert [(row.at_start, row.active, row.lost) for row in strategic] == [
        (0, 1, 0),
        (1, 1, 0),
        (1, 1, 0),
        (1, 1, 0),
    ]
    with org_scope(book):
        only = figures_2025(book, parties=Party.objects.filter(name__in=["B", "D"]))
    assert [row.lost for row in only.segment_rows()] == [1, 0, 1, 0]


def test_a_quarter_counts_a_third_in_each_month(org):
    g = customer(org, "G")
    revenue(org, g, quarter(2025, 1), 300, kind="quarter", margin=30)
    rows = customer_figures(
        organization=org,
        start=date(2025, 1, 1),
        end=date(2025, 4, 30),
        grain="month",
        lost_after=1,
    ).segment_rows()
    assert [row.active for row in rows] == [1, 1, 1, 0]
    assert [row.revenue for row in rows] == [Decimal(100)] * 3 + [Decimal(0)]
    assert [row.new for row in rows] == [1, 0, 0, 0]
    assert [row.lost for row in rows] == [0, 0, 0, 1]


def test_a_mark_followed_by_revenue_next_period_is_not_a_loss(org):
    h = customer(org, "H")
    revenue(org, h, quarter(2025, 1), 10, kind="quarter")
    revenue(org, h, quarter(2025, 2), 10, kind="quarter")
    services.loss_mark(
        organization=org, actor=None, party=h, lost_on=date(2025, 3, 1), reason="Said so"
    )
    rows = figures_2025(org).segment_rows()
    assert [row.lost for row in rows] == [0, 0, 0, 1]  # the gap: Q2 + 2 = Q4
    assert sum(row.won_back for row in rows) == 0


def test_overlapping_periods_are_refused(org):
    from django.core.exceptions import ValidationError

    h = customer(org, "H")
    revenue(org, h, quarter(2025, 1), 10, kind="quarter")
    with pytest.raises(ValidationError):
        revenue(org, h, date(2025, 2, 1), 10)
    with pytest.raises(ValidationError):
        revenue(org, h, date(2025, 2, 2), 10)
    with pytest.raises(ValidationError):
        revenue(org, h, date(2025, 4, 1), 10, spend=5)
