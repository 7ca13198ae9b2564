"""Scorecards: recompute every scorecard of a large organisation, beside one hand-written
SQL statement computing the same per-supplier, per-period aggregates into a scratch table.

The data comes from ``manage.py seed_bench`` (5,000 suppliers and 1,000,000 deliveries by
default; scale it with BENCH_SUPPLIERS and BENCH_DELIVERIES). The recalculation is the
product's whole run: reset, one grouped pass over the deliveries upserted, manual ratings,
points, score and standing in one statement, and every change recorded with its cause.
The hand-written statement only aggregates the deliveries and upserts. Each is timed on
an empty target (first computation) and again on a full one (recalculation).
"""

import os
import time

from django.core.management import call_command
from django.db import connection

from relmgmt.audit.verification import verify_all
from relmgmt.tenancy.models import Organization
from suppliers import scorecard_sql as q
from suppliers.models import Delivery
from suppliers.services import scorecards

SUPPLIERS = int(os.environ.get("BENCH_SUPPLIERS", 5_000))
DELIVERIES = int(os.environ.get("BENCH_DELIVERIES", 1_000_000))
SCRATCH = "bench_scorecard_scratch"


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
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE {SCRATCH} (organization_id bigint, supplier_id bigint, "
            "period_start date, n integer, otif integer, late integer, received double precision, "
            "rejected double precision, late_days double precision, diff double precision, "
            "diff2 double precision, first date, last date, "
            "PRIMARY KEY (organization_id, supplier_id, period_start))"
        )
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE suppliers_delivery")
    timings = {}
    for label in ("first", "again"):
        began = time.perf_counter()
        summary = scorecards.scorecards_recompute(organization=organization, note="benchmark")
        timings[label] = (time.perf_counter() - began, hand_written(organization.pk), summary)
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
