"""Customer accounts' figures per period and segment, in one statement.

Definitions (the page states them too). A customer is *active* in a period with revenue
above zero in it. After its last active period a customer stays *on the books* until it is
*lost*: in the period its revenue gap reaches the organisation's number of periods without
revenue, or from the period it was marked lost (a mark in the period of its last revenue
counts from the next), whichever comes first. Revenue after a loss makes it *won back*; a
customer's first revenue makes it *new*.

Per period: customers at start (on the books at the end of the previous period), lost,
retained (at start and not lost), churn rate (lost / at start x 100) and retention rate
(retained / at start x 100), none without customers at start; revenue per account (revenue
/ active); share of wallet (revenue / the customers' category spend x 100, over the rows
whose spend is known); margin per account (margin / active accounts with a known margin).
Customer lifetime value over the range: average margin per account and period x expected
lifetime in periods (1 / average churn, the lost over the customers at start summed over
the periods); none where no customer was lost (the lifetime is not bounded by what was
observed) or no margin is known.

The database does the heavy work: revenue bucketed per customer and period, each active
period's previous and next (window functions), the period it is lost in, and the events
counted per period and segment; the counts at start are running sums of the few rows
returned.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import connection

from customers import settings as customer_settings
from customers.models import Loss, Revenue
from customers.selectors.periods import QUARTER, Period, months_per, periods_between
from parties.models import Party

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from relmgmt.tenancy.models import Organization

SEGMENTS = {"": "", "tier": "pa.tier", "owner": "pa.owner_id"}


@dataclass
class Row:
    """One period of one segment."""

    period: Period
    segment: Any = ""
    active: int = 0
    new: int = 0
    won_back: int = 0
    lost: int = 0
    at_start: int = 0
    revenue: Decimal = Decimal(0)
    margin: Decimal | None = None
    margin_accounts: int = 0
    walleted: Decimal = Decimal(0)
    spend: Decimal = Decimal(0)

    @property
    def retained(self) -> int:
        return self.at_start - self.lost

    @property
    def churn_rate(self) -> float | None:
        return round(100 * self.lost / self.at_start, 2) if self.at_start else None

    @property
    def retention_rate(self) -> float | None:
        return round(100 * self.retained / self.at_start, 2) if self.at_start else None

    @property
    def revenue_per_account(self) -> Decimal | None:
        return (self.revenue / self.active).quantize(Decimal("0.01")) if self.active else None

    @property
    def share_of_wallet(self) -> float | None:
        return round(float(100 * self.walleted / self.spend), 2) if self.spend else None

    @property
    def margin_per_account(self) -> Decimal | None:
        if self.margin is None or not self.margin_accounts:
            return None
        return (self.margin / self.margin_accounts).quantize(Decimal("0.01"))


@dataclass
class Figures:
    grain: str
    lost_after: int
    periods: list[Period]
    rows: list[Row] = field(default_factory=list)

    def segment_rows(self, segment: Any = "") -> list[Row]:
        return [row for row in self.rows if row.segment == segment]

    @property
    def segments(self) -> list[Any]:
        return list(dict.fromkeys(row.segment for row in self.rows))

    def lifetime(self, segment: Any = "") -> dict:
        """Customer lifetime value of a segment over the range, with its parts."""
        rows = self.segment_rows(segment)
        at_start = sum(row.at_start for row in rows)
        lost = sum(row.lost for row in rows)
        margin = sum((row.margin or Decimal(0) for row in rows), Decimal(0))
        accounts = sum(row.margin_accounts for row in rows)
        churn = lost / at_start if at_start else None
        per_period = (margin / accounts).quantize(Decimal("0.01")) if accounts else None
        expected = round(1 / churn, 2) if churn else None
        value = (
            (per_period * Decimal(1 / churn)).quantize(Decimal("0.01"))
            if per_period is not None and churn
            else None
        )
        return {
            "average_churn_rate": round(100 * churn, 2) if churn is not None else None,
            "expected_lifetime_periods": expected,
            "margin_per_account_period": per_period,
            "lifetime_value": value,
        }


def _sql(*, grain: str, segment: str, parties_sql: str | None) -> str:
    div = months_per(grain)
    revenue, loss, party = Revenue._meta.db_table, Loss._meta.db_table, Party._meta.db_table
    if grain == QUARTER:
        spread_join, share, period, beyond = "", "", f"r.month_index / {div}", ""
    else:
        # A quarter's row counts a third in each of its months (none past the last month).
        spread_join = (
            "JOIN (SELECT 0 AS k UNION ALL SELECT 1 UNION ALL SELECT 2) s "
            "ON s.k < CASE WHEN r.period_kind = 'quarter' THEN 3 ELSE 1 END"
        )
        share = " / CASE WHEN r.period_kind = 'quarter' THEN 3 ELSE 1 END"
        period = "(r.month_index + s.k)"
        beyond = f"AND {period} <= %(last)s"
    in_parties = f"AND r.party_id IN ({parties_sql})" if parties_sql else ""
    party_join = (
        f"JOIN {party} pa ON pa.id = seq.party_id AND pa.organization_id = %(org)s"
        if segment
        else ""
    )
    seg = SEGMENTS[segment] or "''"
    return f"""
WITH per AS (
    SELECT r.party_id, {period} AS p,
        SUM(r.amount{share}) AS amount,
        SUM(r.margin{share}) AS margin,
        COUNT(r.margin) AS margin_rows,
        SUM(CASE WHEN r.category_spend IS NOT NULL THEN r.amount{share} END) AS walleted,
        SUM(r.category_spend{share}) AS spend
    FROM {revenue} r {spread_join}
    WHERE r.organization_id = %(org)s AND r.month_index >= %(since)s
        AND r.month_index < %(until)s AND {period} >= %(first)s {beyond} {in_parties}
    GROUP BY r.party_id, {period}
    HAVING SUM(r.amount) > 0
    UNION ALL
    -- Before the first period only each customer's last period with revenue matters.
    SELECT r.party_id, MAX({period}), NULL, NULL, 0, NULL, NULL
    FROM {revenue} r {spread_join}
    WHERE r.organization_id = %(org)s AND r.month_index < %(first_month)s AND r.amount > 0
        AND {period} < %(first)s {in_parties}
    GROUP BY r.party_id
),
seq AS (
    SELECT per.*,
        LAG(p) OVER (PARTITION BY party_id ORDER BY p) AS prev,
        LEAD(p) OVER (PARTITION BY party_id ORDER BY p) AS next
    FROM per
),
marked AS (
    SELECT seq.party_id, seq.p, MIN(l.month_index / {div}) AS mark
    FROM seq JOIN {loss} l ON l.party_id = seq.party_id AND l.organization_id = %(org)s
        AND l.month_index / {div} >= seq.p
        AND (seq.next IS NULL OR l.month_index / {div} < seq.next)
    GROUP BY seq.party_id, seq.p
),
spans AS (
    SELECT seq.*, {seg} AS seg,
        CASE WHEN m.mark IS NULL THEN NULL WHEN m.mark > seq.p THEN m.mark ELSE seq.p + 1
            END AS mark_at,
        CASE WHEN seq.next IS NULL OR seq.next > seq.p + %(after)s THEN seq.p + %(after)s
            END AS gap_at
    FROM seq
    {party_join}
    LEFT JOIN marked m ON m.party_id = seq.party_id AND m.p = seq.p
),
lost AS (
    SELECT spans.*,
        CASE WHEN mark_at IS NOT NULL AND (next IS NULL OR mark_at < next)
                AND (gap_at IS NULL OR mark_at < gap_at) THEN mark_at
            ELSE gap_at END AS lost_at
    FROM spans
),
ends AS (
    SELECT lost.*,
        CASE WHEN lost_at IS NULL THEN next WHEN next IS NULL THEN lost_at
            WHEN lost_at < next THEN lost_at ELSE next END AS end_at
    FROM lost
),
active AS (
    SELECT seg, p AS t, COUNT(*) AS active, SUM(CASE WHEN prev IS NULL THEN 1 ELSE 0 END) AS new,
        SUM(amount) AS amount, SUM(margin) AS margin,
        SUM(CASE WHEN margin_rows > 0 THEN 1 ELSE 0 END) AS margin_accounts,
        SUM(walleted) AS walleted, SUM(spend) AS spend
    FROM ends WHERE p >= %(first)s
    GROUP BY seg, p
),
moves AS (
    SELECT seg, lost_at AS t, 1 AS lost, 0 AS won_back, 0 AS delta
    FROM ends WHERE lost_at >= %(first)s AND lost_at <= %(last)s
    UNION ALL
    -- Revenue after a loss: won back in the period of the next revenue.
    SELECT seg, next, 0, 1, 0 FROM ends WHERE lost_at IS NOT NULL AND next >= %(first)s
    UNION ALL
    -- On the books from the period after its revenue until it ends; spans that ended
    -- before the first period would cancel out and are left out.
    SELECT seg, CASE WHEN p + 1 < %(first)s THEN %(first)s ELSE p + 1 END, 0, 0, 1
    FROM ends WHERE p + 1 <= %(last)s AND (end_at IS NULL OR end_at >= %(first)s)
    UNION ALL
    SELECT seg, end_at + 1, 0, 0, -1
    FROM ends WHERE end_at >= %(first)s AND end_at + 1 <= %(last)s
)
SELECT seg, t, 1, active, new, amount, margin, margin_accounts, walleted, spend FROM active
UNION ALL
SELECT seg, t, 2, SUM(lost), SUM(won_back), SUM(delta), NULL, NULL, NULL, NULL
FROM moves GROUP BY seg, t
"""


def _decimal(value: Any) -> Decimal:
    return Decimal(0) if value is None else Decimal(str(value)).quantize(Decimal("0.01"))


def customer_figures(
    *,
    organization: Organization,
    start: date,
    end: date,
    grain: str = QUARTER,
    segment: str = "",
    parties: QuerySet[Party] | None = None,
    lost_after: int | None = None,
) -> Figures:
    """The figures for every period from ``start``'s to ``end``'s, per ``segment`` ("" for
    all customers, "tier" or "owner"), over the customers in ``parties`` (all when None)."""
    if segment not in SEGMENTS:
        raise ValueError(f"Unknown segment {segment!r}.")
    after = lost_after if lost_after is not None else customer_settings.lost_after(organization)
    periods = periods_between(start, end, grain)
    figures = Figures(grain=grain, lost_after=after, periods=periods)
    if not periods:
        return figures
    first, last = periods[0].index, periods[-1].index
    params: dict[str, Any] = {
        "org": organization.pk,
        "first": first,
        "last": last,
        "until": (last + 1) * months_per(grain),
        "first_month": first * months_per(grain),
        # A quarter's row two months before the first month reaches into it.
        "since": first * months_per(grain) - 2,
        "after": after,
    }
    parties_sql = None
    if parties is not None:
        compiled, party_params = parties.values("pk").query.sql_with_params()
        # The subquery's positional placeholders become named ones.
        for number, value in enumerate(party_params):
            compiled = compiled.replace("%s", f"%(party_{number})s", 1)
            params[f"party_{number}"] = value
        parties_sql = compiled
    with connection.cursor() as cursor:
        cursor.execute(_sql(grain=grain, segment=segment, parties_sql=parties_sql), params)
        found = cursor.fetchall()
    by_segment: dict[Any, dict[int, dict[int, tuple]]] = defaultdict(lambda: defaultdict(dict))
    for record in found:
        by_segment[record[0]][record[1]][record[2]] = record[3:]
    if not by_segment and not segment:
        by_segment[""] = defaultdict(dict)
    for seg in sorted(by_segment, key=lambda key: (key is None, str(key))):
        by_period = by_segment[seg]
        on_books = 0
        for period in periods:
            parts = by_period.get(period.index, {})
            row = Row(period=period, segment=seg)
            if 1 in parts:
                active, new, amount, margin, accounts, walleted, spend = parts[1]
                row.active, row.new = int(active or 0), int(new or 0)
                row.revenue = _decimal(amount)
                row.margin = None if margin is None else _decimal(margin)
                row.margin_accounts = int(accounts or 0)
                row.walleted, row.spend = _decimal(walleted), _decimal(spend)
            if 2 in parts:
                lost, won_back, delta = parts[2][:3]
                row.lost, row.won_back = int(lost or 0), int(won_back or 0)
                on_books += int(delta or 0)
            row.at_start = on_books
            figures.rows.append(row)
    return figures
