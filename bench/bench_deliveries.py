"""Delivery import: a 20,000-row CSV checked (the preview), then imported in one transaction.

The import checks again, then inserts in batches with an audit event per row; each step is
timed once.

Fifty suppliers; every tenth row late, every twentieth with a rejection, every fiftieth
over-delivered. The figures include reading the CSV and hashing the audit chain.
"""

import time
from datetime import date, timedelta

from parties.models import Party
from relmgmt.accounts.models import User
from relmgmt.audit.models import AuditEvent
from relmgmt.core import imports
from relmgmt.core.scoping import org_scope
from relmgmt.policy import Role
from relmgmt.tenancy.services import membership_add, organization_create
from suppliers.models import Delivery
from suppliers.services import deliveries
from suppliers.services import register as supplier_services

from .timing import rate

ROWS = 20_000
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


def run():
    organization = organization_create(name="Bench deliveries", slug="bench-deliveries")
    manager = User.objects.create_user(email="manager@bench-deliveries.example", password="x")
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
    content = _csv(codes)
    started = time.perf_counter()
    check = imports.check_file(organization=organization, kind=deliveries.IMPORT, content=content)
    checked = time.perf_counter() - started
    assert check.is_valid, check.invalid_rows[:3]
    started = time.perf_counter()
    imported = imports.import_file(
        organization=organization, actor=manager, kind=deliveries.IMPORT, content=content
    )
    elapsed = time.perf_counter() - started
    with org_scope(organization):
        assert Delivery.objects.count() == imported == ROWS
        events = AuditEvent.objects.filter(model_label="suppliers.delivery").count()
    size = len(content) / 1024 / 1024
    print(f"CSV of {ROWS:,} rows ({size:.1f} MB), {SUPPLIERS} suppliers")
    print(f"check (the preview):       {checked:.2f} s ({rate(ROWS, checked)})")
    print(f"import (check and insert): {elapsed:.2f} s ({rate(ROWS, elapsed)})")
    print(f"audit events written:      {events:,} (one per delivery, in the same transaction)")
