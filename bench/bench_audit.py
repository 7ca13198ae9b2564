"""Audit trail: the cost of recording every write, and of verifying the hash chain.

Figures: rows per second through save() and bulk_create() with their audit events, against
the same rows inserted by bulk_create on the unaudited base manager (no events) in the same
run; and events verified per second.
"""

import time

from django.db import transaction

from parties.models import Party
from relmgmt.audit.verification import verify_chain
from relmgmt.core.scoping import org_scope
from relmgmt.tenancy.services import organization_create

from .timing import rate

SAVE_ROWS = 2_000
BULK_ROWS = 20_000


def run():
    organization = organization_create(name="Bench audit", slug="bench-audit")
    with org_scope(organization):
        started = time.perf_counter()
        with transaction.atomic():
            for n in range(SAVE_ROWS):
                Party.objects.create(organization=organization, name=f"S{n}", description=f"s{n}")
        audited_save = time.perf_counter() - started

        rows = [
            Party(organization=organization, name=f"B{n}", description=f"b{n}")
            for n in range(BULK_ROWS)
        ]
        started = time.perf_counter()
        Party.objects.bulk_create(rows, batch_size=2_000)
        audited_bulk = time.perf_counter() - started

        bare = [
            Party(organization=organization, name=f"R{n}", description=f"r{n}")
            for n in range(BULK_ROWS)
        ]
        started = time.perf_counter()
        Party._base_manager.bulk_create(bare, batch_size=2_000)
        unaudited_bulk = time.perf_counter() - started

    started = time.perf_counter()
    fault = verify_chain(organization.pk)
    verified = time.perf_counter() - started
    assert fault is None, fault

    events = SAVE_ROWS + BULK_ROWS + 1
    print(f"save() with audit:        {rate(SAVE_ROWS, audited_save)} rows")
    print(f"bulk_create with audit:   {rate(BULK_ROWS, audited_bulk)} rows")
    print(f"bulk_create, no audit:    {rate(BULK_ROWS, unaudited_bulk)} rows (baseline)")
    print(f"audit cost on bulk paths: {audited_bulk / unaudited_bulk:.1f}x the bare insert")
    print(f"verify_audit_trail:       {rate(events, verified)} events")
