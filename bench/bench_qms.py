"""Quality management system on the ``seed_bench`` organisation: the manager's home (median
beside a bare one-query view, and its figures right after a change), then the management
review pack and the evidence pack of the last year, each built as the worker builds it,
beside the time of hand-written queries reading the same data.

The data comes from ``manage.py seed_bench`` (5,000 suppliers and 1,000,000 deliveries over
two years by default; scale it with BENCH_SUPPLIERS and BENCH_DELIVERIES), under its own
slug, without the small organisations. The hand-written queries fetch what each pack
reads, without rendering it: for the review, the period's delivery aggregates (all and per
supplier), complaints, nonconformities and corrective actions; for the evidence pack, every
register's rows, the audit events of the period and the chain in sequence order.
"""

import os
import time
import zipfile
from datetime import date, timedelta

from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings

from qms.models import PackJob
from qms.services import packs
from qms.services import reviews as review_services
from relmgmt.core.dates import organization_today
from relmgmt.core.scoping import org_scope
from relmgmt.tenancy.models import Organization
from suppliers.models import Supplier
from suppliers.services import deliveries as delivery_services

from .timing import interleaved_medians

SUPPLIERS = int(os.environ.get("BENCH_SUPPLIERS", 5_000))
DELIVERIES = int(os.environ.get("BENCH_DELIVERIES", 1_000_000))
SLUG = "bench-qms"


def _tile(html: str, key: str) -> str:
    marker = f'<article data-kpi="{key}">'
    block = html[html.index(marker) :]
    value = block[block.index('data-kpi-value="') + len('data-kpi-value="') :]
    return value[: value.index('"')]


def _home(organization, manager) -> None:
    client = Client()
    client.force_login(manager, backend="allauth.account.auth_backends.AuthenticationBackend")
    home = f"/o/{SLUG}/"

    def get(url):
        def call():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        return call

    with override_settings(ROOT_URLCONF="bench.urls"):
        started = time.perf_counter()
        get(home)()
        cold = (time.perf_counter() - started) * 1000
        timed = interleaved_medians(
            {"bare": get(f"/o/{SLUG}/bench-bare-suppliers/"), "home": get(home)}, repeat=30
        )
        # A change: a late delivery received today; the OTIF tile moves at once.
        before = _tile(client.get(home).content.decode(), "otif")
        with org_scope(organization):
            supplier = Supplier.objects.filter(organization=organization).order_by("pk").first()
        today = organization_today(organization)
        delivery_services.delivery_create(
            organization=organization,
            actor=manager,
            data={
                "supplier": supplier,
                "order_reference": "PO-LATE",
                "item": "Part",
                "promised_date": today - timedelta(days=5),
                "received_date": today,
                "quantity_ordered": 100_000,
                "quantity_received": 100_000,
            },
        )
        started = time.perf_counter()
        after_page = client.get(home).content.decode()
        after_change = (time.perf_counter() - started) * 1000
        after = _tile(after_page, "otif")
    bare, median = timed["bare"], timed["home"]
    print(f"bare view, one query on suppliers: {bare:.1f} ms")
    print(f"manager's home, first (cold):      {cold:.1f} ms")
    print(f"manager's home, median:            {median:.1f} ms ({median / bare:.1f}x bare)")
    print(
        f"manager's home after a delivery:   {after_change:.1f} ms; OTIF tile {before} -> {after}"
    )


def _run(organization, job) -> float:
    started = time.perf_counter()
    done = packs.pack_run(organization=organization, job_id=job.pk)
    elapsed = time.perf_counter() - started
    assert done.status == PackJob.Status.DONE, done.message
    return elapsed


def _fetch(sql: str, params) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return len(cursor.fetchall())


def _review_by_hand(organization_id: int, start: date, end: date) -> float:
    started = time.perf_counter()
    period = (organization_id, start, end)
    _fetch(
        "SELECT COUNT(*), SUM(CASE WHEN received_date <= promised_date AND quantity_received "
        ">= quantity_ordered THEN 1 ELSE 0 END), SUM(quantity_received), "
        "SUM(quantity_rejected) FROM suppliers_delivery WHERE organization_id = %s "
        "AND received_date BETWEEN %s AND %s",
        period,
    )
    _fetch(
        "SELECT supplier_id, COUNT(*), SUM(CASE WHEN received_date <= promised_date AND "
        "quantity_received >= quantity_ordered THEN 1 ELSE 0 END), SUM(quantity_rejected) "
        "FROM suppliers_delivery WHERE organization_id = %s AND received_date BETWEEN %s "
        "AND %s GROUP BY supplier_id",
        period,
    )
    _fetch(
        "SELECT status, COUNT(*) FROM suppliers_supplier WHERE organization_id = %s "
        "GROUP BY status",
        (organization_id,),
    )
    for table in ("feedback_complaint", "corrective_actions_nonconformity"):
        _fetch(
            f"SELECT state, COUNT(*) FROM {table} WHERE organization_id = %s GROUP BY state",  # noqa: S608
            (organization_id,),
        )
    return time.perf_counter() - started


def _evidence_by_hand(organization_id: int, start: date, end: date) -> float:
    started = time.perf_counter()
    org = (organization_id,)
    _fetch("SELECT p.* FROM parties_party p WHERE p.organization_id = %s ORDER BY p.name", org)
    _fetch(
        "SELECT s.*, p.name FROM suppliers_supplier s JOIN parties_party p ON p.id = "
        "s.party_id WHERE s.organization_id = %s ORDER BY s.code",
        org,
    )
    _fetch("SELECT * FROM suppliers_certificate WHERE organization_id = %s", org)
    _fetch(
        "SELECT * FROM suppliers_scorecardresult WHERE organization_id = %s AND "
        "period_start BETWEEN %s AND %s",
        (organization_id, start, end),
    )
    _fetch(
        "SELECT * FROM suppliers_suppliertransition WHERE organization_id = %s ORDER BY "
        "occurred_at",
        org,
    )
    _fetch(
        "SELECT * FROM audit_auditevent WHERE organization_id = %s AND occurred_at >= %s "
        "ORDER BY seq",
        (organization_id, start),
    )
    _fetch(
        "SELECT seq, prev_hash, hash FROM audit_auditevent WHERE organization_id = %s ORDER BY seq",
        org,
    )
    for table in (
        "feedback_complaint",
        "feedback_surveyanswer",
        "corrective_actions_nonconformity",
        "corrective_actions_correctiveaction",
        "parties_risk",
    ):
        _fetch(f"SELECT * FROM {table} WHERE organization_id = %s", org)  # noqa: S608
    return time.perf_counter() - started


def run():
    started = time.perf_counter()
    call_command(
        "seed_bench",
        slug=SLUG,
        suppliers=SUPPLIERS,
        deliveries=DELIVERIES,
        small_orgs=0,
        stdout=open(os.devnull, "w"),  # noqa: SIM115
    )
    seeded = time.perf_counter() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE suppliers_delivery")
    organization = Organization.objects.get(slug=SLUG)
    from django.contrib.auth import get_user_model

    manager = get_user_model().objects.get(email=f"manager@{SLUG}.example")
    print(f"database:   {connection.vendor}")
    print(f"seed_bench: {SUPPLIERS:,} suppliers, {DELIVERIES:,} deliveries in {seeded:.1f} s")
    _home(organization, manager)

    today = organization_today(organization)
    start, end = today - timedelta(days=365), today
    review = review_services.review_create(
        organization=organization,
        actor=manager,
        data={
            "title": "Annual review",
            "meeting_date": today,
            "period_start": start,
            "period_end": end,
            "attendees": "Top management",
        },
    )
    with org_scope(organization):
        review_job = PackJob.objects.create(
            organization=organization,
            kind=PackJob.Kind.REVIEW,
            review=review,
            period_start=start,
            period_end=end,
            requested_by=manager,
            steps_total=2,
        )
        evidence_job = PackJob.objects.create(
            organization=organization,
            kind=PackJob.Kind.EVIDENCE,
            period_start=start,
            period_end=end,
            requested_by=manager,
            steps_total=1,
        )
    review_seconds = _run(organization, review_job)
    review_hand = _review_by_hand(organization.pk, start, end)
    evidence_seconds = _run(organization, evidence_job)
    evidence_hand = _evidence_by_hand(organization.pk, start, end)
    evidence_job.refresh_from_db()
    with default_storage.open(evidence_job.path, "rb") as handle:
        files = len(zipfile.ZipFile(handle).namelist())
    print(
        f"review pack, one year, in the background: {review_seconds:.2f} s; hand-written "
        f"queries alone {review_hand:.2f} s"
    )
    print(
        f"evidence pack, one year, in the background: {evidence_seconds:.2f} s "
        f"({files} files, {evidence_job.size / 1_000_000:.1f} MB); hand-written queries "
        f"alone {evidence_hand:.2f} s"
    )
