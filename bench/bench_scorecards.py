"""Scorecards: recompute every scorecard of a large organisation, beside one hand-written
SQL statement computing the same per-supplier, per-period aggregates into a scratch table.

The data comes from ``manage.py seed_bench`` (5,000 suppliers and 1,000,000 deliveries by
default; scale it with BENCH_SUPPLIERS and BENCH_DELIVERIES). The recalculation is the
product's whole run: one upsert that aggregates the deliveries and manual ratings and
derives values, points, score and standing, then every change recorded with its cause.
The hand-written statement only aggregates the deliveries and upserts. Each is timed on
an empty target (first computation), again with nothing new (the nightly run on a quiet
day), after 1% more deliveries entered late over the two years (a heavy day: the periods
they fall in move), and after a new definition version (every score moves). The
recalculation writes only results whose figures moved; the hand-written statement rewrites
every row each time.

The two share one machine, so each timed statement starts alike: on PostgreSQL after a
CHECKPOINT, so neither pays for writing out the other's pages. The first computation and
the quiet run repeat in rounds taking one of each in turn (``BENCH_ROUNDS``, 3 by default),
the first computation on emptied targets each time, and their medians are compared; the
late entries and the new definition move the data, so they are timed once.
"""

import os
import random
import statistics
import time

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from relmgmt.audit.verification import verify_all
from relmgmt.core.scoping import org_scope
from relmgmt.tenancy.models import Organization
from suppliers.management.commands import seed_bench
from suppliers.models import Delivery, ScorecardResult, ScoreChange, Supplier
from suppliers.services.scorecards import definitions as scorecard_definitions
from suppliers.services.scorecards import recompute as scorecard_recompute
from suppliers.services.scorecards import sql as q

SUPPLIERS = int(os.environ.get("BENCH_SUPPLIERS", 5_000))
DELIVERIES = int(os.environ.get("BENCH_DELIVERIES", 1_000_000))
SCRATCH = "bench_scorecard_scratch"
ROUNDS = int(os.environ.get("BENCH_ROUNDS", 3))
# A heavy day: 1% more deliveries, received over the two years (entered late).
LATE_ENTRIES = DELIVERIES // 100


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


def hand_written(organization_id: int) -> float:
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
        cursor.execute(sql, [organization_id])
    return time.perf_counter() - started


def settle() -> None:
    """Start the next timed statement with nothing of the last one's left to write out."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("CHECKPOINT")


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
    """Back to before the first computation. Only the benchmark organisation has results in
    the benchmark's own database, so PostgreSQL may truncate (fresh files, as at the start)."""
    tables = [ScorecardResult._meta.db_table, ScoreChange._meta.db_table]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {', '.join(tables)}")
        else:
            for table in tables:
                cursor.execute(f"DELETE FROM {table}")


def rounds(organization, *, first: bool) -> tuple[float, float, scorecard_recompute.Summary]:
    """Medians of ``ROUNDS`` rounds of ours and the hand-written statement, in turn."""
    ours, theirs, summaries = [], [], []
    for _ in range(ROUNDS):
        if first:
            empty_results()
            empty_scratch()
        settle()
        began = time.perf_counter()
        summaries.append(
            scorecard_recompute.scorecards_recompute(organization=organization, note="benchmark")
        )
        ours.append(time.perf_counter() - began)
        settle()
        theirs.append(hand_written(organization.pk))
    return statistics.median(ours), statistics.median(theirs), summaries[-1]


def once(organization, before) -> tuple[float, float, scorecard_recompute.Summary]:
    cause = before(organization)
    settle()
    began = time.perf_counter()
    summary = scorecard_recompute.scorecards_recompute(
        organization=organization, cause=cause, note="benchmark"
    )
    ours = time.perf_counter() - began
    settle()
    return ours, hand_written(organization.pk), summary


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
    seeded = time.perf_counter() - started
    organization = Organization.objects.get(slug="bench")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE suppliers_delivery")
    timings = {
        f"first, median of {ROUNDS}": rounds(organization, first=True),
        f"again, nothing new, median of {ROUNDS}": rounds(organization, first=False),
        f"after {LATE_ENTRIES:,} late deliveries": once(organization, enter_late_deliveries),
        "after a new definition": once(organization, new_definition),
    }
    checked, faults = verify_all()
    print(f"database:   {connection.vendor}")
    print(
        f"seed_bench: {SUPPLIERS:,} suppliers, {DELIVERIES:,} deliveries, 49 small "
        f"organisations in {seeded:.1f} s"
    )
    for label, (ours, theirs, summary) in timings.items():
        print(
            f"recompute ({label}): {ours:.2f} s for {summary.written:,} supplier-months written "
            f"({summary.changes:,} changes recorded); hand-written statement {theirs:.2f} s; "
            f"ratio {ours / theirs:.2f}"
        )
    print(f"verify_audit_trail: {faults if faults else 'intact'} ({checked} organisations)")
