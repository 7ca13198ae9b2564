"""Corrective actions: median latency of the list's page 1 and a deep page among 100,000
corrective actions, beside a bare view doing one query on the same table, signed in as a
manager, in the same run (samples in rounds, one of each page in turn).

The list filters, sorts by the time opened, flags recurrences and overdue ones, counts for
its pagination, computes the figures over what the filters select (open by age, overdue,
time to close, effectiveness, recurrence) and renders 25 rows with their parties inside
the site's layout; the bare view selects 25 references in the same order and returns them
as text. Its number of queries does not grow with the rows
(tests/corrective_actions/test_pages.py). Each page is asked for repeatedly, so its count,
menus, figures and rows are those remembered for the records as they are; the last line
times page 1 right after a change of a corrective action, when they are all read afresh
(the figures over every corrective action most of all). A floor replays page 1's own SQL
statements by hand behind the same middleware, with no ORM and no template
(bench/replay.py): the database's share of the page. ``BENCH_CAS`` for another count;
``BENCH_CACHE=redis`` and ``BENCH_SERVER=gunicorn`` time the pages with Redis as the cache
and served by gunicorn over HTTP (bench/serving.py).
"""

import os

from corrective_actions.models import CorrectiveAction

from .replay import floor_text, keep_statements
from .seed_corrective_actions import corrective_actions
from .seed_lists import a_change, analyze, bulk_parties, organization_with_manager
from .serving import serving
from .timing import list_medians

COUNT = int(os.environ.get("BENCH_CAS", 100_000))


def run():
    organization, manager = organization_with_manager("Bench CAs", "bench-cas")
    parties = bulk_parties(organization, manager, 1_000, prefix="Customer")
    corrective_actions(organization, manager, COUNT, parties=parties)
    analyze("corrective_actions_correctiveaction")
    deep_page = max(COUNT // 25 // 2, 1)
    base = f"/o/{organization.slug}/corrective-actions/"
    bare_url = f"/o/{organization.slug}/bench-bare-corrective-actions/"
    with serving(manager) as pages:
        first = pages.text(base)
        references = pages.text(bare_url).split("\n")
        # The same 25 corrective actions, in the same order, on page 1 and in the bare view.
        assert len(references) == 25 and all(ref in first for ref in references)
        positions = [first.index(ref) for ref in references]
        assert positions == sorted(positions)
        statements = keep_statements(manager, "ca-list", page=base, bare=bare_url)
        timed = list_medians(
            pages,
            bare=bare_url,
            urls={
                "first": base,
                "floor": f"/o/{organization.slug}/bench-replay/ca-list/",
                "deep": f"{base}?page={deep_page}",
            },
            changed_url=base,
            change=a_change(organization, CorrectiveAction, "containment", number=1),
        )
    changed = timed["changed"]
    print(
        f"corrective actions list among {COUNT:,} corrective actions, median ({pages.description}):"
    )
    print(f"  bare view (one query):  {timed['bare']:6.1f} ms")
    print(
        f"  list page 1:            {timed['first']:6.1f} ms "
        f"({timed['first'] / timed['bare']:.2f}x bare; target within 3x)"
    )
    print("  " + floor_text(statements, timed["floor"], bare=timed["bare"], page=timed["first"]))
    print(
        f"  list page {deep_page}:         {timed['deep']:6.1f} ms "
        f"({timed['deep'] / timed['first']:.2f}x page 1; target within 1.2x)"
    )
    print(f"  page 1, just changed:   {changed:6.1f} ms ({changed / timed['bare']:.2f}x bare)")
