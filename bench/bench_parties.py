"""Party list: median latency of page 1 and a deep page among 20,000 parties, beside a bare
view doing one query on the same table, signed in as a manager, in the same run.

The list page filters, sorts, counts for its pagination and renders 25 rows with their
owners inside the site's layout; the bare view selects 25 names and returns them as text.
Both are organisation pages behind the same middleware (session, user, organisation,
membership), requested through Django's test client. Each page is asked for repeatedly, so
the list's count is the one remembered for the organisation's records as they are (see
relmgmt.core.pagination); the last line times page 1 right after a change of a party, when
the count is taken afresh. Samples are taken in rounds, one of each page in turn, so
every page meets the same load on a shared machine.
"""

from django.db import connection
from django.test import Client, override_settings

from parties.models import Party
from relmgmt.core.scoping import org_scope

from .seed_lists import analyze, bulk_parties, organization_with_manager
from .timing import interleaved_medians

PARTIES = 20_000


def change_a_party(organization):
    """A change of one party's description: the list shows the same rows, but counts anew."""
    changes = iter(range(1_000_000))

    def change():
        with org_scope(organization):
            Party.objects.filter(name="Party 00000").update(description=f"{next(changes)}")

    return change


def run():
    organization, manager = organization_with_manager("Bench parties", "bench-parties")
    bulk_parties(organization, manager, PARTIES)
    analyze("parties_party")
    client = Client()
    client.force_login(manager, backend="allauth.account.auth_backends.AuthenticationBackend")

    def get(url):
        def call():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        return call

    deep_page = PARTIES // 25 // 2
    base = "/o/bench-parties/parties/"
    with override_settings(ROOT_URLCONF="bench.urls"):
        bare_view = get("/o/bench-parties/bench-bare/")
        timed = interleaved_medians(
            {
                "bare": bare_view,
                "first": get(base),
                "deep": get(f"{base}?page={deep_page}"),
                "filtered": get(f"{base}?type=customer&tier=strategic&o=-next_review_due"),
            }
        )
        # Apart: a change before every sample would make the other pages count anew too.
        after_change = interleaved_medians(
            {"bare": bare_view, "changed": (get(base), change_a_party(organization))}
        )
    bare, first, deep, filtered = timed["bare"], timed["first"], timed["deep"], timed["filtered"]
    changed = after_change["changed"] * bare / after_change["bare"]  # on the same scale
    print(f"database:                        {connection.vendor}")
    print(f"bare view, one query on parties: {bare:.1f} ms")
    print(f"party list page 1:               {first:.1f} ms ({first / bare:.1f}x bare)")
    print(f"party list page {deep_page}:             {deep:.1f} ms ({deep / bare:.1f}x bare)")
    print(f"party list, filtered and sorted: {filtered:.1f} ms ({filtered / bare:.1f}x bare)")
    print(f"party list page 1, just changed: {changed:.1f} ms ({changed / bare:.1f}x bare)")
