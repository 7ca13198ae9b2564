"""Party list: median latency of page 1 and a deep page among 20,000 parties, beside a bare
view doing one query on the same table, signed in as a manager, in the same run.

The list page filters, sorts, counts for its pagination and renders 25 rows with their
owners inside the site's layout; the bare view selects 25 names and returns them as text.
Both are organisation pages behind the same middleware (session, user, organisation,
membership). Each page is asked for repeatedly, so the list's count, its menus and the
page's rows are those remembered for the organisation's records as they are (see
relmgmt.core.pagination); the last line times page 1 right after a change of a party, when
they are all read afresh. Samples are
taken in rounds, one of each page in turn, so every page meets the same load on a shared
machine. A floor replays page 1's own SQL statements by hand behind the same middleware,
with no ORM and no template (bench/replay.py): the database's share of the page, the rest
of its time being Python's. ``BENCH_PARTIES`` for another count; ``BENCH_CACHE=redis`` and
``BENCH_SERVER=gunicorn`` time the pages with Redis as the cache and served by gunicorn
over HTTP (bench/serving.py).
"""

import os

from django.db import connection

from parties.models import Party

from .replay import floor_text, keep_statements
from .seed_lists import a_change, analyze, bulk_parties, organization_with_manager
from .serving import serving
from .timing import list_medians

PARTIES = int(os.environ.get("BENCH_PARTIES", 20_000))


def run():
    organization, manager = organization_with_manager("Bench parties", "bench-parties")
    bulk_parties(organization, manager, PARTIES)
    analyze("parties_party")
    deep_page = max(PARTIES // 25 // 2, 1)
    base = "/o/bench-parties/parties/"
    bare_url = "/o/bench-parties/bench-bare/"
    with serving(manager) as pages:
        statements = keep_statements(manager, "party-list", page=base, bare=bare_url)
        timed = list_medians(
            pages,
            bare=bare_url,
            urls={
                "first": base,
                "floor": "/o/bench-parties/bench-replay/party-list/",
                "deep": f"{base}?page={deep_page}",
                "filtered": f"{base}?type=customer&tier=strategic&o=-next_review_due",
            },
            changed_url=base,
            change=a_change(organization, Party, "description", name="Party 00000"),
        )
    bare, first, deep, filtered = timed["bare"], timed["first"], timed["deep"], timed["filtered"]
    changed = timed["changed"]
    print(f"database:                        {connection.vendor}")
    print(f"served by:                       {pages.description}")
    print(f"bare view, one query on parties: {bare:.1f} ms")
    print(f"party list page 1:               {first:.1f} ms ({first / bare:.2f}x bare)")
    print(floor_text(statements, timed["floor"], bare=bare, page=first))
    print(
        f"party list page {deep_page}:             {deep:.1f} ms ({deep / bare:.2f}x bare, "
        f"{deep / first:.2f}x page 1)"
    )
    print(f"party list, filtered and sorted: {filtered:.1f} ms ({filtered / bare:.2f}x bare)")
    print(f"party list page 1, just changed: {changed:.1f} ms ({changed / bare:.2f}x bare)")
