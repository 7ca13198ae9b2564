"""No page over ten queries, whatever its data.

Every organisation and portal page of ``routes.py`` is opened by each role that may read
it, once to warm it and once counted. The world has one of everything, so a page that
reads per row shows here as one that reads per kind of thing; the tests beside each
app prove that counts stay constant as rows grow.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve

from relmgmt import policy
from relmgmt.policy import Role

from ..conftest import PAGE_QUERIES, real_statements
from .routes import UI_ROUTES
from .test_isolation import as_user, url_for

BUDGET = PAGE_QUERIES

# Pages still over the budget, with the most queries any role's visit makes today (the
# same on SQLite and PostgreSQL). The list only shrinks: a page listed here may not grow
# past its count, and one that comes within the budget must leave the list.
OVER_BUDGET: dict[str, int] = {}

ROLES = (Role.MANAGER, Role.ADMIN, Role.AUDITOR, Role.SUPPLIER)


def _readable_routes():
    return [
        name for name, route in UI_ROUTES.items() if route.kind in {"org", "portal"} and route.reads
    ]


def _readers(route, url) -> list[Role]:
    """The roles that may open the page: the portal's for the supplier user, the
    organisation's by the read permission its view declares."""
    if route.kind == "portal":
        return [Role.SUPPLIER]
    permission = resolve(url).func.org_permissions["read"]
    return [
        role
        for role in ROLES
        if permission is not None
        and policy.role_has(role, permission)
        # A personal page about one object belongs to its owner alone (404 for others).
        and not (route.personal and route.objects)
    ]


def test_every_page_over_budget_is_a_readable_page():
    assert set(OVER_BUDGET) <= set(_readable_routes())


@pytest.mark.parametrize("name", _readable_routes())
def test_page_stays_within_its_query_budget(name, world, client):
    mine, _theirs = world
    route = UI_ROUTES[name]
    url = url_for(name, mine.organization.slug, mine.objects, route)
    counts = {}
    for role in _readers(route, url):
        as_user(client, mine.members[role])
        # A GET of a page that only writes sends the reader back where they came from.
        assert client.get(url).status_code in {200, 302}, (role, url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code in {200, 302}, (role, url)
        counts[role] = len(real_statements(queries.captured_queries))
    assert counts, f"{name}: no role reads it"
    most = max(counts.values())
    allowed = OVER_BUDGET.get(name, BUDGET)
    assert most <= allowed, f"{name}: {most} queries > {allowed} ({counts})"
    if name in OVER_BUDGET:
        assert most > BUDGET, f"{name} is within budget now ({most}): remove it from OVER_BUDGET"
