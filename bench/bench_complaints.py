"""Complaints: median latency of the complaints list's page 1 and a deep page among 100,000
complaints, beside a bare view doing one query on the same table, signed in as a manager,
in the same run (samples in rounds, one of each page in turn).

The list filters, sorts by the time received, counts for its pagination, computes each
row's service level timers and renders 25 rows with their parties inside the site's
layout; the bare view selects 25 references in the same order and returns them as text.
Its number of queries does not grow with the rows (tests/feedback/test_complaints.py).
The last line times page 1 right after a change of a complaint, when the count is taken
afresh. ``BENCH_COMPLAINTS`` for another count; ``BENCH_CACHE=redis`` and
``BENCH_SERVER=gunicorn`` time the pages with Redis as the cache and served by gunicorn
over HTTP (bench/serving.py).
"""

import os
import random
from datetime import timedelta

from django.utils import timezone

from feedback.models import Complaint

from .seed_lists import a_change, analyze, bulk_parties, organization_with_manager
from .seed_surveys import insert_rows
from .serving import serving
from .timing import list_medians

COMPLAINTS = int(os.environ.get("BENCH_COMPLAINTS", 100_000))
STATES = ["received", "acknowledged", "investigating", "resolved", "closed", "rejected"]


def seed(organization, parties):
    rng = random.Random(8)
    now = timezone.now()
    rows = []
    for n in range(COMPLAINTS):
        received = now - timedelta(minutes=rng.randrange(2 * 365 * 24 * 60))
        state = STATES[n % len(STATES)]
        done = state in ("resolved", "closed")
        rows.append(
            {
                "organization_id": organization.pk,
                "reference": f"C-{received.year}-{n:06d}",
                "year": received.year,
                "number": n + 1,
                "party_id": parties[n % len(parties)].pk,
                "new_party_name": "",
                "contact_id": None,
                "complainant_name": f"Complainant {n}",
                "complainant_email": "",
                "complainant_phone": "",
                "channel": "email",
                "category": ["product", "delivery", "service", "billing"][n % 4],
                "severity": ["low", "medium", "high", "critical"][n % 4],
                "reference_number": "",
                "subject": f"Complaint number {n}",
                "description": "Parts arrived damaged.",
                "state": state,
                "owner_id": None,
                "received_at": received,
                "acknowledged_at": received + timedelta(hours=3) if state != "received" else None,
                "resolved_at": received + timedelta(days=4) if done else None,
                "closed_at": received + timedelta(days=5) if state == "closed" else None,
                "acknowledge_due_at": received + timedelta(hours=24),
                "resolve_due_at": received + timedelta(days=10),
                "reopen_count": 0,
                "resolution": "",
                "status_token": f"{n:064d}",
            }
        )
    insert_rows(Complaint, rows)
    analyze("feedback_complaint")


def run():
    organization, manager = organization_with_manager("Bench complaints", "bench-complaints")
    parties = bulk_parties(organization, manager, 1_000, prefix="Customer")
    seed(organization, parties)
    deep_page = max(COMPLAINTS // 25 // 2, 1)
    base = f"/o/{organization.slug}/complaints/"
    bare_url = f"/o/{organization.slug}/bench-bare-complaints/"
    with serving(manager) as pages:
        first = pages.text(base)
        # The same 25 complaints, in the same order, on page 1 and in the bare view.
        references = pages.text(bare_url).split("\n")
        assert len(references) == 25 and all(ref in first for ref in references)
        positions = [first.index(ref) for ref in references]
        assert positions == sorted(positions)
        timed = list_medians(
            pages,
            bare=bare_url,
            urls={"first": base, "deep": f"{base}?page={deep_page}"},
            changed_url=base,
            change=a_change(organization, Complaint, "description", number=1),
        )
    changed = timed["changed"]
    print(f"complaints list among {COMPLAINTS:,} complaints, median ({pages.description}):")
    print(f"  bare view (one query):  {timed['bare']:6.1f} ms")
    print(
        f"  list page 1:            {timed['first']:6.1f} ms "
        f"({timed['first'] / timed['bare']:.2f}x bare; target within 3x)"
    )
    print(
        f"  list page {deep_page}:         {timed['deep']:6.1f} ms "
        f"({timed['deep'] / timed['first']:.2f}x page 1; target within 1.2x)"
    )
    print(f"  page 1, just changed:   {changed:6.1f} ms ({changed / timed['bare']:.2f}x bare)")
