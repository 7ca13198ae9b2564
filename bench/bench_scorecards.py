"""Scorecards: recompute every scorecard of a large organisation, beside a hand-written
statement doing the same work (checked row for row), and the bare aggregation as a floor.

The data comes from ``manage.py seed_bench`` (5,000 suppliers and 1,000,000 deliveries by
default; scale it with BENCH_SUPPLIERS and BENCH_DELIVERIES), with manual ratings added for
every tenth supplier (six recent months, and one month without deliveries), so that both
runs read some. Three things are timed in each scenario, each printed on its own line:

- *recompute*: the product's whole run (``scorecards_recompute``): it reads the definition
  in force, then one upsert aggregates the deliveries and manual ratings, reads the
  earlier results (one whose facts are gone comes back as "no data"), derives each
  metric's value and points, the score and the standing, and writes only the results
  whose figures moved (keeping the old score and standing as ``previous_*``); one more
  statement records a change row (``ScoreChange``) for every score or standing that
  moved, with its cause and note (the first score of a period is such a change: its row
  is audit evidence); then the consequences (none in the benchmark's definitions).
- *equivalent statement*: the same work written by hand here, into scratch copies of the
  two tables (same columns, indexes and storage settings; both start empty, so each
  chain of runs sees its own earlier results exactly as the product sees its). On
  PostgreSQL it is one statement: a data-modifying CTE that aggregates, derives, upserts
  the results and inserts the change rows from the upsert's ``RETURNING``. SQLite has no
  data-modifying CTE (its ``RETURNING`` cannot feed another statement), so there it is the
  fewest statements that can do it, two in one transaction: the upsert (a ``WITH ...
  INSERT ... SELECT ... ON CONFLICT DO UPDATE ... WHERE``), then the change rows from the
  results the run marked. It reads the definition and its criteria as the product does
  (weights, 0- and 100-point values, tolerance and thresholds are bound parameters) and
  is written for the benchmark's definitions: the five default criteria, monthly. After
  each scenario its rows are checked equal to the product's, row for row (every column
  but the row id, the timestamps and the run id, the change rows counted as a multiset);
  the benchmark stops with the differing rows if they are not. The printed ratio is
  recompute / equivalent: like with like.
- *floor*: the statement the benchmark used to compare with, kept as a floor: it only
  aggregates the deliveries into 13 raw columns of a scratch table and upserts them (no
  values, points, score or standing, no manual ratings or earlier results, no change
  rows), rewriting every row each time.

Each is timed on an empty target (first computation), again with nothing new (the
nightly run on a quiet day), after 1% more deliveries entered late over the two years (a
heavy day: the periods they fall in move), and after a new definition version (every
result is rewritten, and every score moves).

The three share one machine, so each timed run starts alike: on PostgreSQL after a
CHECKPOINT, so none pays for writing out another's pages. The first computation and the
quiet run repeat in rounds taking one of each in turn (``BENCH_ROUNDS``, 3 by default; the
product goes first in odd rounds and last in even ones), the first computation on emptied
targets each time, and their medians are compared; the late entries and the new
definition move the data, so they are timed once.
"""

import os
import random
import statistics
import time
from dataclasses import dataclass
from decimal import Decimal
from uuid import uuid4

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection, models, transaction
from django.utils import timezone

from relmgmt.audit.verification import verify_all
from relmgmt.core.scoping import org_scope
from relmgmt.tenancy.models import Organization
from suppliers.management.commands import seed_bench
from suppliers.models import (
    Delivery,
    ManualRating,
    ScorecardDefinition,
    ScorecardResult,
    ScoreChange,
    Supplier,
)
from suppliers.services.scorecards import definitions as scorecard_definitions
from suppliers.services.scorecards import recompute as scorecard_recompute
from suppliers.services.scorecards import sql as q

SUPPLIERS = int(os.environ.get("BENCH_SUPPLIERS", 5_000))
DELIVERIES = int(os.environ.get("BENCH_DELIVERIES", 1_000_000))
SCRATCH = "bench_scorecard_scratch"
# The equivalent statement's copies of the product's tables.
RESULTS_COPY = "bench_scorecard_results"
CHANGES_COPY = "bench_scorecard_changes"
ROUNDS = int(os.environ.get("BENCH_ROUNDS", 3))
# A heavy day: 1% more deliveries, received over the two years (entered late).
LATE_ENTRIES = DELIVERIES // 100
NOTE = "benchmark"
# The criteria the equivalent statement is written for, in the order the score adds them.
CRITERIA = ("otif", "defect_ppm", "days_late", "days_late_sd", "manual_rating")
FLOOR = "floor (aggregates only, no derivations or change rows)"


@dataclass
class Run:
    seconds: float
    written: int
    changes: int


def rate_suppliers(organization) -> int:
    """Manual ratings, so both runs read some: every tenth supplier rated for each of the
    last six months and for one month before its first delivery (a period with a rating
    and no deliveries). Inserted directly, as seed_bench inserts the deliveries."""
    manager = get_user_model().objects.get(email="manager@bench.example")
    rng = random.Random(11)
    month = timezone.localdate().replace(day=1)
    months = []
    for back in (*range(1, 7), 30):
        year, index = divmod(month.year * 12 + month.month - 1 - back, 12)
        months.append(month.replace(year=year, month=index + 1))
    with org_scope(organization):
        supplier_ids = list(
            Supplier.objects.filter(organization=organization)
            .order_by("pk")
            .values_list("pk", flat=True)[::10]
        )
        ratings = models.QuerySet(ManualRating).bulk_create(
            [
                ManualRating(
                    organization=organization,
                    supplier_id=supplier_id,
                    period_start=start,
                    rating=Decimal(rng.randrange(10, 51)) / 10,
                    rated_by=manager,
                )
                for supplier_id in supplier_ids
                for start in months
            ],
            batch_size=2_000,
        )
    return len(ratings)


def enter_late_deliveries(organization) -> str:
    with org_scope(organization):
        supplier_ids = list(
            Supplier.objects.filter(organization=organization).values_list("pk", flat=True)
        )
    seed_bench._insert_deliveries(
        organization, supplier_ids, LATE_ENTRIES, random.Random(7), timezone.now()
    )
    return scorecard_recompute.ChangeCause.RECALCULATED


def new_definition(organization) -> str:
    """A new version weighing on-time delivery more: every score is rewritten."""
    criteria = [dict(c) for c in scorecard_definitions.DEFAULT_CRITERIA]
    criteria[0]["weight"], criteria[1]["weight"] = 50, 20
    manager = get_user_model().objects.get(email="manager@bench.example")
    scorecard_definitions.definition_save(
        organization=organization,
        actor=manager,
        period="monthly",
        criteria=criteria,
        consequences={},
        note="Benchmark, version 2",
        recompute=False,
    )
    return scorecard_recompute.ChangeCause.DEFINITION_CHANGED


def product(organization, cause: str) -> Run:
    began = time.perf_counter()
    summary = scorecard_recompute.scorecards_recompute(
        organization=organization, cause=cause, note=NOTE
    )
    return Run(time.perf_counter() - began, summary.written, summary.changes)


# The equivalent statement, in each dialect: only these pieces differ.
POSTGRESQL = {
    "month": "CAST(date_trunc('month', CAST({} AS timestamp)) AS date)",
    "diff": "received_date - promised_date",
    "rows_fence": "",
    "fence": " OFFSET 0",
    "round": "FLOOR(({}) * 100 + 0.5 + 1e-9) / 100",
    # (GREATEST and LEAST skip NULLs.)
    "clamp": "CASE WHEN {0} IS NULL THEN NULL ELSE GREATEST(0, LEAST(100, {1})) END",
    "not_below_0": "GREATEST(0, {})",
    "differ": "{} IS DISTINCT FROM {}",
    "null": "CAST(NULL AS double precision)",
}
SQLITE = {
    "month": "date({}, 'start of month')",
    "diff": "CAST(julianday(received_date) - julianday(promised_date) AS INTEGER)",
    # SQLite would flatten the rows' query and work out each day difference in every sum.
    "rows_fence": " LIMIT -1 OFFSET 0",
    "fence": " LIMIT -1 OFFSET 0",
    "round": "ROUND({}, 2)",
    "clamp": "MAX(0, MIN(100, {1}))",
    "not_below_0": "MAX(0, {})",
    "differ": "{} IS NOT {}",
    "null": "NULL",
}
# Written by the recalculation (besides the keys, the stamps and ``previous_*``).
COMPUTED = [
    "definition_id",
    "standing",
    "score",
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
    "rating_count",
    "rating_sum",
    "questionnaire_count",
    "questionnaire_score_sum",
    "car_count",
    "car_on_time_count",
    "otif_value",
    "otif_points",
    "defect_ppm_value",
    "defect_ppm_points",
    "days_late_value",
    "days_late_points",
    "days_late_sd_value",
    "days_late_sd_points",
    "manual_rating_value",
    "manual_rating_points",
    "questionnaire_value",
    "questionnaire_points",
    "car_responsiveness_value",
    "car_responsiveness_points",
]
DELIVERED, RATED = COMPUTED[3:13], COMPUTED[13:15]


def _points(d: dict, metric: str) -> str:
    """Linear between the criterion's 0-point and 100-point values, clamped, rounded."""
    raw = f"(100.0 * ({metric}_value - %({metric}_zero)s) / %({metric}_span)s)"
    return f"{d['round'].format(d['clamp'].format(f'{metric}_value', raw))} AS {metric}_points"


def equivalent_sql() -> list[str]:
    """The equivalent statement (two on SQLite), with named parameters."""
    d = POSTGRESQL if connection.vendor == "postgresql" else SQLITE
    results, n = RESULTS_COPY, "delivery_count"
    mean = f"(days_diff_sum / {n})"
    total = " + ".join(f"%({m}_weight)s * COALESCE({m}_points, 0)" for m in CRITERIA)
    counted = " + ".join(
        f"CASE WHEN {m}_points IS NULL THEN 0 ELSE %({m}_weight)s END" for m in CRITERIA
    )
    score = d["round"].format(f"1.0 * ({total}) / NULLIF({counted}, 0)")
    facts = ", ".join(
        f"MAX({c}) AS {c}"
        if c in ("first_received", "last_received")
        else f"COALESCE(MAX({c}), 0) AS {c}"
        for c in DELIVERED + RATED
    )

    def nulls(columns):
        return ", ".join(f"NULL AS {c}" for c in columns)

    ctes = (
        f"delivered AS (SELECT supplier_id, {d['month'].format('received_date')} "
        f"AS period_start, COUNT(*) AS {n}, "
        "SUM(CASE WHEN diff <= %(tolerance)s AND quantity_received >= quantity_ordered "
        "THEN 1 ELSE 0 END) AS on_time_in_full_count, "
        "SUM(CASE WHEN diff > 0 THEN 1 ELSE 0 END) AS late_count, "
        "CAST(SUM(quantity_received) AS double precision) AS quantity_received, "
        "CAST(SUM(quantity_rejected) AS double precision) AS quantity_rejected, "
        "CAST(SUM(CASE WHEN diff > 0 THEN diff ELSE 0 END) AS double precision) "
        "AS days_late_sum, CAST(SUM(diff) AS double precision) AS days_diff_sum, "
        "CAST(SUM(diff * diff) AS double precision) AS days_diff_sum_squares, "
        "MIN(received_date) AS first_received, MAX(received_date) AS last_received "
        "FROM (SELECT supplier_id, received_date, quantity_ordered, quantity_received, "
        f"quantity_rejected, {d['diff']} AS diff FROM {Delivery._meta.db_table} "
        f"WHERE organization_id = %(organization)s{d['rows_fence']}) received "
        "GROUP BY supplier_id, 2), "
        f"rated AS (SELECT supplier_id, {d['month'].format('period_start')} AS period_start, "
        "COUNT(*) AS rating_count, CAST(SUM(rating) AS double precision) AS rating_sum "
        f"FROM {ManualRating._meta.db_table} WHERE organization_id = %(organization)s "
        "GROUP BY supplier_id, 2), "
        # The earlier results holding facts or a score: if their facts are gone, they come
        # out as "no data".
        f"earlier AS (SELECT supplier_id, period_start FROM {results} "
        "WHERE organization_id = %(organization)s AND (score IS NOT NULL "
        "OR delivery_count > 0 OR rating_count > 0 OR questionnaire_count > 0 "
        "OR car_count > 0)), "
        # Each source's rows side by side (a column another source has stays NULL), one
        # row per supplier and period after grouping; what no source has is its default.
        f"facts AS (SELECT supplier_id, period_start, {facts} FROM ("
        f"SELECT supplier_id, period_start, {', '.join(DELIVERED)}, "
        f"{nulls(RATED)} FROM delivered UNION ALL "
        f"SELECT supplier_id, period_start, {nulls(DELIVERED)}, {', '.join(RATED)} FROM rated "
        f"UNION ALL SELECT supplier_id, period_start, {nulls(DELIVERED + RATED)} FROM earlier"
        ") sources GROUP BY supplier_id, period_start), "
        # Each layer fenced, so the next reads its columns rather than repeating them.
        "valued AS (SELECT facts.*, "
        f"CASE WHEN {n} > 0 THEN 100 * CAST(on_time_in_full_count AS double precision) "
        f"/ {n} END AS otif_value, "
        "CASE WHEN quantity_received > 0 THEN 1000000.0 * quantity_rejected "
        "/ quantity_received END AS defect_ppm_value, "
        f"CASE WHEN {n} > 0 THEN days_late_sum / {n} END AS days_late_value, "
        f"CASE WHEN {n} > 0 THEN SQRT("
        f"{d['not_below_0'].format(f'days_diff_sum_squares / {n} - {mean} * {mean}')}) "
        "END AS days_late_sd_value, "
        "CASE WHEN rating_count > 0 THEN rating_sum / rating_count END "
        f"AS manual_rating_value FROM facts{d['fence']}), "
        f"pointed AS (SELECT valued.*, {', '.join(_points(d, m) for m in CRITERIA)} "
        f"FROM valued{d['fence']}), "
        f"scored AS (SELECT pointed.*, {score} AS score FROM pointed{d['fence']})"
    )
    upsert = (
        f"INSERT INTO {results} (organization_id, created_at, run, computed_at, "
        f"previous_standing, supplier_id, period_start, {', '.join(COMPUTED)}) "
        "SELECT %(organization)s, %(now)s, %(run)s, %(now)s, '', supplier_id, period_start, "
        "%(definition)s, CASE WHEN score IS NULL THEN '' "
        "WHEN score >= %(excellent)s THEN 'excellent' WHEN score >= %(good)s THEN 'good' "
        "WHEN score >= %(needs_improvement)s THEN 'needs_improvement' ELSE 'poor' END, "
        "score, delivery_count, on_time_in_full_count, late_count, quantity_received, "
        "quantity_rejected, days_late_sum, days_diff_sum, days_diff_sum_squares, "
        "first_received, last_received, rating_count, rating_sum, 0, 0, 0, 0, "
        "otif_value, otif_points, defect_ppm_value, defect_ppm_points, days_late_value, "
        "days_late_points, days_late_sd_value, days_late_sd_points, manual_rating_value, "
        f"manual_rating_points, {', '.join([d['null']] * 4)} "
        # The WHERE: SQLite would read ON CONFLICT after a bare FROM as a join's ON.
        "FROM scored WHERE 1 = 1 "
        "ON CONFLICT (organization_id, supplier_id, period_start) DO UPDATE SET "
        f"previous_score = {results}.score, previous_standing = {results}.standing, "
        "run = excluded.run, computed_at = excluded.computed_at, "
        f"{', '.join(f'{c} = excluded.{c}' for c in COMPUTED)} WHERE "
        + d["differ"].format(
            f"({', '.join(f'{results}.{c}' for c in COMPUTED)})",
            f"({', '.join(f'excluded.{c}' for c in COMPUTED)})",
        )
    )
    changes = (
        f"INSERT INTO {CHANGES_COPY} (organization_id, created_at, supplier_id, period_start, "
        "definition_id, old_score, new_score, old_standing, new_standing, cause, note, "
        "entered_count, run, actor_id) SELECT %(organization)s, %(now)s, supplier_id, "
        "period_start, definition_id, previous_score, score, previous_standing, standing, "
        "%(cause)s, %(note)s, 0, %(run)s, NULL"
    )
    moved = f"({d['differ'].format('score', 'previous_score')} OR standing <> previous_standing)"
    if connection.vendor == "postgresql":
        return [
            f"WITH {ctes}, written AS ({upsert} RETURNING supplier_id, period_start, "
            "definition_id, previous_score, score, previous_standing, standing), "
            f"changed AS ({changes} FROM written WHERE {moved} RETURNING 1) "
            "SELECT (SELECT COUNT(*) FROM written), (SELECT COUNT(*) FROM changed)"
        ]
    return [
        f"WITH {ctes} {upsert}",
        f"{changes} FROM {results} WHERE organization_id = %(organization)s "
        f"AND run = %(run)s AND {moved}",
    ]


def equivalent(organization, cause: str) -> Run:
    """The same work as ``product``, by hand, into the copies of the tables."""
    began = time.perf_counter()
    with org_scope(organization):
        definition = (
            ScorecardDefinition.objects.filter(organization=organization)
            .order_by("-version")
            .first()
        )
        criteria = list(definition.criteria.order_by("id"))
    if definition.period != "monthly" or tuple(c.metric for c in criteria) != CRITERIA:
        raise RuntimeError(f"The equivalent statement is written for {CRITERIA}, monthly.")
    params = {
        "organization": organization.pk,
        "definition": definition.pk,
        "run": uuid4().hex,
        "now": connection.ops.adapt_datetimefield_value(timezone.now()),
        "cause": cause,
        "note": NOTE,
        "tolerance": criteria[0].tolerance_days,
        "excellent": float(definition.excellent_from),
        "good": float(definition.good_from),
        "needs_improvement": float(definition.needs_improvement_from),
    }
    for c in criteria:
        zero = float(c.zero_points_at)
        params |= {
            f"{c.metric}_weight": int(c.weight),
            f"{c.metric}_zero": zero,
            f"{c.metric}_span": float(c.full_points_at) - zero,
        }
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            (statement,) = equivalent_sql()
            cursor.execute(statement, params)
            written, changes = cursor.fetchone()
        else:
            upsert, record = equivalent_sql()
            cursor.execute(upsert, params)
            cursor.execute("SELECT changes()")  # (no rowcount for a statement led by WITH)
            (written,) = cursor.fetchone()
            cursor.execute(record, params)
            changes = cursor.rowcount
    return Run(time.perf_counter() - began, written, changes)


def floor(organization, cause: str) -> Run:
    """The raw aggregates only, into a scratch table (every row rewritten each time)."""
    diff = q.days_between_sql(connection, "received_date", "promised_date")
    period = q.period_start_sql(connection, "received_date", "monthly")
    sql = (
        f"INSERT INTO {SCRATCH} SELECT organization_id, supplier_id, {period}, COUNT(*), "
        f"SUM(CASE WHEN {diff} <= 0 AND quantity_received >= quantity_ordered THEN 1 ELSE 0 END), "
        f"SUM(CASE WHEN {diff} > 0 THEN 1 ELSE 0 END), SUM(quantity_received), "
        f"SUM(quantity_rejected), SUM(CASE WHEN {diff} > 0 THEN {diff} ELSE 0 END), "
        f"SUM({diff}), SUM({diff} * {diff}), MIN(received_date), MAX(received_date) "
        f"FROM {Delivery._meta.db_table} WHERE organization_id = %s "
        "GROUP BY organization_id, supplier_id, 3 "
        "ON CONFLICT (organization_id, supplier_id, period_start) DO UPDATE SET "
        "n = excluded.n, otif = excluded.otif, late = excluded.late, "
        "received = excluded.received, rejected = excluded.rejected, "
        "late_days = excluded.late_days, diff = excluded.diff, diff2 = excluded.diff2, "
        "first = excluded.first, last = excluded.last"
    )
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(sql, [organization.pk])
        written = cursor.rowcount
    return Run(time.perf_counter() - started, written, 0)


def settle() -> None:
    """Start the next timed run with nothing of the last one's left to write out."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("CHECKPOINT")


def copy_tables() -> None:
    """Empty copies of the results and changes tables for the equivalent statement: the
    same columns, indexes and storage settings (on PostgreSQL the results' fillfactor)."""
    with connection.cursor() as cursor:
        for model, copy in ((ScorecardResult, RESULTS_COPY), (ScoreChange, CHANGES_COPY)):
            table = model._meta.db_table
            cursor.execute(f"DROP TABLE IF EXISTS {copy}")
            if connection.vendor == "postgresql":
                cursor.execute(
                    "SELECT array_to_string(reloptions, ', ') FROM pg_class "
                    "WHERE oid = %s::regclass",
                    [table],
                )
                (options,) = cursor.fetchone()
                storage = f" WITH ({options})" if options else ""
                cursor.execute(f"CREATE TABLE {copy} (LIKE {table} INCLUDING ALL){storage}")
                continue
            cursor.execute(
                "SELECT type, name, sql FROM sqlite_master WHERE tbl_name = %s "
                "AND sql IS NOT NULL ORDER BY type = 'index'",
                [table],
            )
            for kind, name, sql in cursor.fetchall():
                sql = sql.replace(f'"{table}"', f'"{copy}"')
                if kind == "index":
                    sql = sql.replace(f'"{name}"', f'"bench_{name}"')
                cursor.execute(sql)


def empty_scratch() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {SCRATCH}")
        cursor.execute(
            f"CREATE TABLE {SCRATCH} (organization_id bigint, supplier_id bigint, "
            "period_start date, n integer, otif integer, late integer, received double precision, "
            "rejected double precision, late_days double precision, diff double precision, "
            "diff2 double precision, first date, last date, "
            "PRIMARY KEY (organization_id, supplier_id, period_start))"
        )


def empty_results() -> None:
    """Back to before the first computation, the product's tables and their copies alike.
    Only the benchmark organisation has results in the benchmark's own database, so
    PostgreSQL may truncate (fresh files, as at the start)."""
    tables = [
        ScorecardResult._meta.db_table,
        ScoreChange._meta.db_table,
        RESULTS_COPY,
        CHANGES_COPY,
    ]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {', '.join(tables)}")
        else:
            for table in tables:
                cursor.execute(f"DELETE FROM {table}")


def _compared(model) -> list[str]:
    """The columns that must match: all but the row id, the timestamps and the run id (and
    the organisation, which selects the rows)."""
    skipped = {"id", "organization_id", "created_at", "computed_at", "run"}
    return [f.column for f in model._meta.concrete_fields if f.column not in skipped]


def check_same(organization, label: str) -> None:
    """The equivalent statement's rows equal the product's, row for row (the change rows
    as a multiset: each distinct row with its number of copies). Stops the benchmark with
    the first differing rows if not."""
    faults = []
    for model, copy in ((ScorecardResult, RESULTS_COPY), (ScoreChange, CHANGES_COPY)):
        table, columns = model._meta.db_table, ", ".join(_compared(model))
        counted = (
            f"SELECT {columns}, COUNT(*) AS copies FROM {{}} WHERE organization_id = %s "
            f"GROUP BY {columns}"
        )
        with connection.cursor() as cursor:
            for mine, theirs, who in ((table, copy, "product"), (copy, table, "equivalent")):
                cursor.execute(
                    f"{counted.format(mine)} EXCEPT {counted.format(theirs)}",
                    [organization.pk, organization.pk],
                )
                rows = cursor.fetchall()
                if rows:
                    faults.append(
                        f"{len(rows):,} rows of {table} only in the {who}'s output, e.g. "
                        f"({columns}, copies): {rows[:3]}"
                    )
    if faults:
        raise RuntimeError(f"{label}: the rows differ.\n" + "\n".join(faults))


RUNS = {"recompute": product, "equivalent": equivalent, FLOOR: floor}


def rounds(organization, *, first: bool) -> dict[str, Run]:
    """Medians of ``ROUNDS`` rounds of each, in turn (the order reversed every other
    round)."""
    taken: dict[str, list[Run]] = {name: [] for name in RUNS}
    cause = scorecard_recompute.ChangeCause.RECALCULATED
    for number in range(ROUNDS):
        if first:
            empty_results()
            empty_scratch()
        order = list(RUNS) if number % 2 == 0 else list(reversed(RUNS))
        for name in order:
            settle()
            taken[name].append(RUNS[name](organization, cause))
    return {
        name: Run(statistics.median(r.seconds for r in runs), runs[-1].written, runs[-1].changes)
        for name, runs in taken.items()
    }


def once(organization, before) -> dict[str, Run]:
    cause = before(organization)
    taken = {}
    for name, call in RUNS.items():
        settle()
        taken[name] = call(organization, cause)
    return taken


def run():
    started = time.perf_counter()
    call_command(
        "seed_bench",
        suppliers=SUPPLIERS,
        deliveries=DELIVERIES,
        small_orgs=49,
        small_suppliers=10,
        small_deliveries=500,
        stdout=open(os.devnull, "w"),  # noqa: SIM115
    )
    organization = Organization.objects.get(slug="bench")
    rated = rate_suppliers(organization)
    seeded = time.perf_counter() - started
    copy_tables()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE suppliers_delivery")
    scenarios = {
        f"first, median of {ROUNDS}": lambda: rounds(organization, first=True),
        f"again, nothing new, median of {ROUNDS}": lambda: rounds(organization, first=False),
        f"after {LATE_ENTRIES:,} late deliveries": lambda: once(
            organization, enter_late_deliveries
        ),
        "after a new definition": lambda: once(organization, new_definition),
    }
    timings = {}
    for label, scenario in scenarios.items():
        timings[label] = scenario()
        check_same(organization, label)
    checked, faults = verify_all()
    print(f"database:   {connection.vendor}")
    print(
        f"seed_bench: {SUPPLIERS:,} suppliers, {DELIVERIES:,} deliveries ({rated:,} manual "
        f"ratings added), 49 small organisations in {seeded:.1f} s"
    )
    for label, runs in timings.items():
        ours, same, bare = runs["recompute"], runs["equivalent"], runs[FLOOR]
        print(
            f"recompute ({label}): {ours.seconds:.2f} s for {ours.written:,} supplier-months "
            f"written ({ours.changes:,} changes recorded)"
        )
        print(
            f"  equivalent statement: {same.seconds:.2f} s for {same.written:,} written "
            f"({same.changes:,} changes), rows checked equal; "
            f"ratio {ours.seconds / same.seconds:.2f}"
        )
        print(f"  {FLOOR}: {bare.seconds:.2f} s; ratio {ours.seconds / bare.seconds:.2f}")
    print(f"verify_audit_trail: {faults if faults else 'intact'} ({checked} organisations)")
