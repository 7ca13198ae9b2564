"""Customer figures: retention, churn and revenue per account over 8 quarters for 50,000
customers and 2,000,000 revenue rows, against one hand-written SQL statement.

The product's figures (``customers.selectors.figures.customer_figures``: one statement
and the running sums of its few rows) and a statement written here by hand for the same
figures (PostgreSQL's own dialect: ``LEAST``, ``FILTER``, the customers at start as a
running window sum over a series of periods) run in the same process, interleaved, and
their figures are checked equal. Four years of monthly revenue: about one month in twelve
without revenue, a tenth of the customers stopping, a tenth starting late, a tenth pausing
eight months (lost, then won back), one in fifty marked lost. ``BENCH_CUSTOMERS`` (default
50,000) sets the size:
the rows follow, about 40 per customer.
"""

import os
import time
from datetime import date

from django.db import connection, models, transaction

from customers.models import Loss, Revenue
from customers.selectors.figures import customer_figures
from parties.models import Party
from relmgmt.core.scoping import org_scope
from relmgmt.tenancy.services import organization_create

from .timing import interleaved_medians

CUSTOMERS = int(os.environ.get("BENCH_CUSTOMERS", "50000"))
MONTHS = 48  # 2023-01 to 2026-12
FIRST_MONTH = 2023 * 12
LOST_AFTER = 2
START, END = date(2025, 1, 1), date(2026, 12, 31)  # 8 quarters


def _series(name: str, last: int) -> str:
    return f"{name}(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM {name} WHERE n < {last})"


def _seed(organization) -> int:
    with org_scope(organization), transaction.atomic():
        parties = models.QuerySet(Party).bulk_create(
            [
                Party(
                    organization=organization,
                    name=f"Customer {n:05d}",
                    types=["customer"],
                    tier=("strategic", "managed", "transactional")[n % 3],
                )
                for n in range(CUSTOMERS)
            ],
            batch_size=5_000,
        )
    first_id = min(party.pk for party in parties)
    assert max(party.pk for party in parties) == first_id + CUSTOMERS - 1
    if connection.vendor == "postgresql":
        start = "make_date(((m.n + %(first)s) / 12)::int, ((m.n + %(first)s) %% 12 + 1)::int, 1)"
    else:
        start = "printf('%%04d-%%02d-01', (m.n + %(first)s) / 12, (m.n + %(first)s) %% 12 + 1)"
    # Which months a customer buys in: c %% 10 = 0 stops, 1 starts late, 2 pauses 8 months.
    keep = (
        "(c.n * 7 + m.n * 5) %% 12 <> 0"
        " AND NOT (c.n %% 10 = 0 AND m.n > 20 + c.n %% 24)"
        " AND NOT (c.n %% 10 = 1 AND m.n < c.n %% 40)"
        " AND NOT (c.n %% 10 = 2 AND m.n BETWEEN 24 + c.n %% 6 AND 31 + c.n %% 6)"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH RECURSIVE {_series('c', CUSTOMERS - 1)}, {_series('m', MONTHS - 1)} "
            f"INSERT INTO {Revenue._meta.db_table} (organization_id, party_id, period_start, "
            "period_kind, amount, category_spend, margin, month_index, created_at, updated_at) "
            f"SELECT %(org)s, %(party)s + c.n, {start}, 'month', 100 + (c.n * 13 + m.n) %% 900, "
            "CASE WHEN c.n %% 4 = 0 THEN 2000 END, 10 + (c.n + m.n) %% 90, m.n + %(first)s, "
            "%(now)s, %(now)s "
            f"FROM c CROSS JOIN m WHERE {keep}",
            {"org": organization.pk, "party": first_id, "first": FIRST_MONTH, "now": "2026-12-01"},
        )
        cursor.execute(f"SELECT COUNT(*) FROM {Revenue._meta.db_table}")
        rows = cursor.fetchone()[0]
    with org_scope(organization), transaction.atomic():
        models.QuerySet(Loss).bulk_create(
            [
                Loss(
                    organization=organization,
                    party_id=first_id + n,
                    lost_on=date(2025, 7, 1),
                    reason="Moved to a competitor",
                    month_index=2025 * 12 + 6,
                )
                for n in range(3, CUSTOMERS, 50)
            ],
            batch_size=5_000,
        )
    with connection.cursor() as cursor:
        cursor.execute(
            f"ANALYZE {Revenue._meta.db_table}" if connection.vendor == "postgresql" else "ANALYZE"
        )
    return rows


HAND_SQL = """
WITH q AS (
    SELECT party_id, month_index / 3 AS p, SUM(amount) AS amount
    FROM {revenue}
    WHERE organization_id = %(org)s AND month_index < %(until)s
    GROUP BY party_id, month_index / 3
    HAVING SUM(amount) > 0
), s AS (
    SELECT q.*, LEAD(p) OVER (PARTITION BY party_id ORDER BY p) AS nxt FROM q
), marks AS (
    SELECT s.party_id, s.p, MIN(l.month_index / 3) AS m
    FROM s JOIN {loss} l ON l.party_id = s.party_id AND l.organization_id = %(org)s
    WHERE l.month_index / 3 >= s.p AND l.month_index / 3 < COALESCE(s.nxt, 2147483647)
    GROUP BY s.party_id, s.p
), spans AS (
    SELECT s.party_id, s.p, s.amount, s.nxt,
        LEAST(
            CASE WHEN s.nxt IS NULL OR s.nxt > s.p + %(after)s THEN s.p + %(after)s END,
            CASE WHEN marks.m IS NOT NULL
                AND GREATEST(marks.m, s.p + 1) < COALESCE(s.nxt, 2147483647)
                THEN GREATEST(marks.m, s.p + 1) END
        ) AS lost_at
    FROM s LEFT JOIN marks ON marks.party_id = s.party_id AND marks.p = s.p
), events AS (
    SELECT p AS t, 'active' AS kind, amount FROM spans WHERE p BETWEEN %(first)s AND %(last)s
    UNION ALL
    SELECT lost_at, 'lost', 0 FROM spans WHERE lost_at BETWEEN %(first)s AND %(last)s
    UNION ALL
    SELECT GREATEST(p + 1, %(first)s), 'joins', 0 FROM spans WHERE p + 1 <= %(last)s
    UNION ALL
    SELECT GREATEST(LEAST(nxt, lost_at) + 1, %(first)s), 'leaves', 0 FROM spans
    WHERE LEAST(nxt, lost_at) + 1 <= %(last)s
), per_period AS (
    SELECT t,
        COUNT(*) FILTER (WHERE kind = 'active') AS active,
        COALESCE(SUM(amount) FILTER (WHERE kind = 'active'), 0) AS revenue,
        COUNT(*) FILTER (WHERE kind = 'lost') AS lost,
        COUNT(*) FILTER (WHERE kind = 'joins') - COUNT(*) FILTER (WHERE kind = 'leaves')
            AS starts
    FROM events GROUP BY t
)
SELECT periods.t, COALESCE(active, 0), COALESCE(revenue, 0), COALESCE(lost, 0),
    SUM(COALESCE(starts, 0)) OVER (ORDER BY periods.t) AS at_start
FROM generate_series(%(first)s, %(last)s) AS periods(t)
LEFT JOIN per_period ON per_period.t = periods.t
ORDER BY periods.t
"""


def _hand(organization):
    first = (START.year * 12 + START.month - 1) // 3
    last = (END.year * 12 + END.month - 1) // 3
    sql = HAND_SQL.format(revenue=Revenue._meta.db_table, loss=Loss._meta.db_table)
    params = {
        "org": organization.pk,
        "first": first,
        "last": last,
        "until": (last + 1) * 3,
        "after": LOST_AFTER,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    figures = []
    for _t, active, revenue, lost, at_start in rows:
        at_start = int(at_start)
        figures.append(
            (
                int(at_start),
                int(lost),
                int(active),
                round(100 * (at_start - lost) / at_start, 2) if at_start else None,
                round(100 * lost / at_start, 2) if at_start else None,
                round(revenue / active, 2) if active else None,
            )
        )
    return figures


def _product(organization):
    figures = customer_figures(
        organization=organization, start=START, end=END, grain="quarter", lost_after=LOST_AFTER
    )
    return [
        (
            row.at_start,
            row.lost,
            row.active,
            row.retention_rate,
            row.churn_rate,
            row.revenue_per_account,
        )
        for row in figures.segment_rows()
    ]


def run():
    if connection.vendor != "postgresql":
        print("Skipped: the hand-written statement is PostgreSQL's (set DATABASE_URL).")
        return
    organization = organization_create(name="Bench customers", slug="bench-customers")
    started = time.perf_counter()
    rows = _seed(organization)
    print(
        f"Seeded {CUSTOMERS:,} customers and {rows:,} revenue rows in "
        f"{time.perf_counter() - started:.1f} s."
    )
    product, hand = _product(organization), _hand(organization)
    assert product == hand, (product, hand)
    for label, (at_start, lost, active, retention, churn, per_account) in zip(
        ("Q1", "Q2", "Q3", "Q4", "Q1", "Q2", "Q3", "Q4"), product, strict=False
    ):
        print(
            f"  {label}: at start {at_start:,}, lost {lost:,}, active {active:,}, "
            f"retention {retention} %, churn {churn} %, revenue per account {per_account}"
        )
    medians = interleaved_medians(
        {
            "product": lambda: _product(organization),
            "hand-written SQL": lambda: _hand(organization),
        },
        repeat=5,
        warmup=1,
    )
    ratio = medians["product"] / medians["hand-written SQL"]
    print(
        f"Figures (8 quarters): product {medians['product']:.0f} ms, hand-written SQL "
        f"{medians['hand-written SQL']:.0f} ms (median of 5, interleaved): {ratio:.2f}x "
        "(target: within 1.5x). Figures checked equal."
    )
