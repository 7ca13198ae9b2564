"""A floor for a list page: its own SQL statements, as a warm request sent them, replayed by
hand behind the same middleware as the bare views (``/o/<slug>/bench-replay/<name>/``,
bench/urls.py), with no ORM, no filter form and no template.

The statements are captured from one request of the page in this process (the test
client, whatever serves the timed pages), less those the bare view's request also makes
(the signed-in user and the membership, read by the middleware), and kept in a file of the
run's folder, where the replaying view reads them (in this process or the server's; the
cache would cull them among the pages' own entries). What the page keeps in the cache
(its count, remembered reads) is not a statement and is not replayed: the floor is the
database's share of the page, its distance from the page what Python costs on top.
"""

import json
import os
from pathlib import Path

from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext

from relmgmt.core.access import org_view


def _kept(name: str) -> Path:
    return Path(os.environ["RELMGMT_VAR_DIR"], f"bench-replay-{name}.json")


def statements_of(client: Client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return [query["sql"] for query in captured.captured_queries]


def keep_statements(user, name: str, *, page: str, bare: str) -> int:
    """Captures the statements ``page`` makes that ``bare`` does not, for the replaying view
    under ``name``; the number kept."""
    client = Client()
    client.force_login(user, backend="allauth.account.auth_backends.AuthenticationBackend")
    client.get(page)  # warm: the count and the remembered reads as the timed pages find them
    middleware = set(statements_of(client, bare))
    own = [sql for sql in statements_of(client, page) if sql not in middleware]
    _kept(name).write_text(json.dumps(own))
    return len(own)


def floor_text(statements: int, floor: float, *, bare: float, page: float) -> str:
    """The floor's line in a list benchmark's figures."""
    return (
        f"floor, page 1's {statements} statements replayed: {floor:.1f} ms "
        f"({floor / bare:.2f}x bare; page 1 {page / floor:.2f}x this floor)"
    )


@org_view(read="records.view")
def replayed_statements_view(request, name):
    statements = json.loads(_kept(name).read_text())
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
            if cursor.description is not None:
                cursor.fetchall()
    return HttpResponse(f"{len(statements)} statements")
