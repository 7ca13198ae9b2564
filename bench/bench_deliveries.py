"""Delivery import: a 50,000-row CSV checked (the preview), then written by the worker's job.

The job checks again, then inserts in batches with an audit event per row and rescores the
periods, in one transaction; each step is timed once. Beside it, the floor: the same
deliveries and as many audit events inserted with bare ``bulk_create`` (no check, no hash
chain, no rescoring). Then the site's answer while a job runs: the delivery list's median
time idle and during the import.

Fifty suppliers; every tenth row late, every twentieth with a rejection, every fiftieth
over-delivered. The figures include reading the CSV and hashing the audit chain.
"""

import statistics
import threading
import time
from datetime import date, timedelta

from django.db import connection, models, transaction
from django.test import Client
from django.utils import timezone

from parties.models import Party
from relmgmt.accounts.models import User
from relmgmt.audit.models import AuditEvent
from relmgmt.core import import_files, import_jobs, imports
from relmgmt.core.models import ImportJob
from relmgmt.core.scoping import org_scope
from relmgmt.policy import Role
from relmgmt.tenancy.services import membership_add, organization_create
from suppliers.models import Delivery
from suppliers.services import deliveries
from suppliers.services import register as supplier_services

from .timing import rate

ROWS = 50_000
SUPPLIERS = 50


def _csv(codes: list[str]) -> bytes:
    start = date(2025, 1, 1)
    lines = [",".join(deliveries.IMPORT.headers)]
    for n in range(ROWS):
        promised = start + timedelta(days=n % 600)
        received = promised + timedelta(days=3 if n % 10 == 0 else -1)
        rejected, reason = ("2", "Out of tolerance") if n % 20 == 0 else ("", "")
        received_qty = "110" if n % 50 == 0 else "100"
        lines.append(
            f"{codes[n % len(codes)]},PO-{n // 4:06d},Part {n % 300:03d},{promised},{received},"
            f"100,{received_qty},{rejected},{reason}"
        )
    return ("\n".join(lines) + "\n").encode()


def _organization(slug: str):
    organization = organization_create(name=f"Bench {slug}", slug=slug)
    manager = User.objects.create_user(email=f"manager@{slug}.example", password="x")
    membership_add(organization=organization, user=manager, role=Role.MANAGER)
    codes = []
    for n in range(SUPPLIERS):
        with org_scope(organization):
            party = Party.objects.create(
                organization=organization, name=f"Supplier {n:02d}", types=["supplier"]
            )
        supplier = supplier_services.supplier_create(
            organization=organization,
            actor=manager,
            data={"code": f"S{n:03d}", "party": party, "categories": ["components"]},
        )
        codes.append(supplier.code)
    return organization, manager, codes


def _queue(organization, manager, content) -> ImportJob:
    token = import_files.store(organization, content, extension="csv")
    with org_scope(organization):
        return ImportJob.objects.create(
            organization=organization,
            kind=deliveries.IMPORT.key,
            file_name="deliveries.csv",
            token=token,
            done_url="/",
            requested_by=manager,
        )


def _floor(organization, manager, check) -> float:
    """The same deliveries and as many audit events, with bare bulk inserts."""
    items = [
        Delivery(
            organization=organization,
            entered_by=manager,
            over_delivery=Delivery.is_over_delivery(
                row.data["quantity_ordered"], row.data["quantity_received"]
            ),
            **{name: row.data[name] for name in deliveries.FIELDS},
        )
        for row in check.valid_rows
    ]
    now = timezone.now()
    events = [
        AuditEvent(
            organization=organization,
            seq=1_000_000 + n,
            occurred_at=now,
            actor=manager,
            actor_label=manager.email,
            source="web",
            action="create",
            model_label="suppliers.delivery",
            object_id=str(n),
            object_repr="floor",
            changes={"quantity_received": [None, 100]},
            prev_hash="0" * 64,
            hash="0" * 64,
        )
        for n in range(len(items))
    ]
    started = time.perf_counter()
    with transaction.atomic():
        models.QuerySet(Delivery).bulk_create(items, batch_size=deliveries.BATCH_SIZE)
        models.QuerySet(AuditEvent).bulk_create(events, batch_size=deliveries.BATCH_SIZE)
    return time.perf_counter() - started


def _list_median_ms(client, url, until=None, samples=15) -> float:
    times = []
    while len(times) < samples or (until is not None and not until.is_set()):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
        if until is not None and until.is_set():
            break
    return statistics.median(times)


def run():
    organization, manager, codes = _organization("bench-deliveries")
    content = _csv(codes)
    started = time.perf_counter()
    check = imports.check_file(organization=organization, kind=deliveries.IMPORT, content=content)
    checked = time.perf_counter() - started
    assert check.is_valid, check.invalid_rows[:3]

    job = _queue(organization, manager, content)
    started = time.perf_counter()
    job = import_jobs.import_job_run(organization=organization, job_id=job.pk)
    elapsed = time.perf_counter() - started
    assert job.status == "done", job.message
    with org_scope(organization):
        assert Delivery.objects.count() == job.imported == ROWS
        events = AuditEvent.objects.filter(model_label="suppliers.delivery").count()
    assert events == ROWS

    floor_org, floor_manager, _codes = _organization("bench-deliveries-floor")
    floor_check = imports.check_file(
        organization=floor_org, kind=deliveries.IMPORT, content=_csv(_codes)
    )
    with org_scope(floor_org):
        floor = _floor(floor_org, floor_manager, floor_check)
        assert Delivery.objects.count() == ROWS
        assert AuditEvent.objects.filter(object_repr="floor").count() == ROWS

    # The site while a job runs: a second organisation's import in a thread, the first's
    # delivery list read meanwhile.
    busy_org, busy_manager, busy_codes = _organization("bench-deliveries-busy")
    busy_job = _queue(busy_org, busy_manager, _csv(busy_codes))
    client = Client()
    client.force_login(manager, backend="allauth.account.auth_backends.AuthenticationBackend")
    url = f"/o/{organization.slug}/deliveries/"
    idle = _list_median_ms(client, url)
    finished = threading.Event()

    def work():
        try:
            import_jobs.import_job_run(organization=busy_org, job_id=busy_job.pk)
        finally:
            finished.set()
            connection.close()

    thread = threading.Thread(target=work)
    thread.start()
    during = _list_median_ms(client, url, until=finished)
    thread.join()

    size = len(content) / 1024 / 1024
    print(f"database:                      {connection.vendor}")
    print(f"CSV of {ROWS:,} rows ({size:.1f} MB), {SUPPLIERS} suppliers")
    print(f"check (the preview):           {checked:.2f} s ({rate(ROWS, checked)})")
    print(f"the job (check, insert, score): {elapsed:.2f} s ({rate(ROWS, elapsed)})")
    print(f"audit events written:          {events:,} (one per delivery, same transaction)")
    print(
        f"floor, bare bulk inserts:      {floor:.2f} s ({rate(ROWS, floor)}; "
        f"the job is {elapsed / floor:.1f}x)"
    )
    print(f"delivery list, idle:           {idle:.1f} ms median")
    print(f"delivery list, during a job:   {during:.1f} ms median ({during / idle:.1f}x idle)")
