"""The party register as it stood on a past day, rebuilt from the audit trail: a history
written on known days (created, changed, deleted), checked on each day, on the page and in
the exports, in a constant number of queries."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from parties.models import Party
from parties.selectors.as_of import party_register_as_of
from parties.services import register as services
from relmgmt.audit.context import imported_fact
from relmgmt.core.dates import organization_today
from relmgmt.core.scoping import org_scope

D1, D2, D3, D4 = (date(2025, 3, day) for day in (3, 10, 17, 24))


@pytest.fixture
def history(org, manager):
    """D1: Alpha and Beta registered (Beta with a need). D2: Alpha renamed and made
    strategic. D3: Beta deleted. D4: Gamma registered (owned)."""
    actor = manager.user
    with imported_fact(D1):
        alpha = services.party_create(
            organization=org, actor=actor, data={"name": "Alpha", "types": ["customer"]}
        )
        beta = services.party_create(
            organization=org,
            actor=actor,
            data={"name": "Beta", "types": ["supplier"], "owner": actor},
        )
        services.need_create(
            organization=org, actor=actor, party=beta, data={"description": "On-time delivery"}
        )
    with imported_fact(D2):
        services.party_update(
            organization=org,
            actor=actor,
            party=alpha,
            data={"name": "Alpha Renamed", "tier": "strategic"},
            reason="merger",
        )
    with imported_fact(D3), org_scope(org):
        Party.objects.get(pk=beta.pk).delete()
    with imported_fact(D4):
        services.party_create(
            organization=org,
            actor=actor,
            data={"name": "Gamma", "types": ["regulator"], "owner": actor},
        )
    return alpha, beta


def register_on(org, day):
    with org_scope(org):
        return [
            (party.name, party.tier, [need.description for need in party.needs_then])
            for party in party_register_as_of(organization=org, day=day)
        ]


def test_each_day_shows_the_register_as_it_stood(org, history):
    assert register_on(org, D1 - timedelta(days=1)) == []
    assert register_on(org, D1) == [
        ("Alpha", "managed", []),
        ("Beta", "managed", ["On-time delivery"]),
    ]
    assert register_on(org, D2) == [
        ("Alpha Renamed", "strategic", []),
        ("Beta", "managed", ["On-time delivery"]),
    ]
    assert register_on(org, D3) == [("Alpha Renamed", "strategic", [])]
    assert register_on(org, D4) == [("Alpha Renamed", "strategic", []), ("Gamma", "managed", [])]


def test_the_page_and_the_exports_follow_the_date(org, manager, auditor, history, client_for):
    client = client_for(auditor)
    base = f"/o/{org.slug}/parties"
    page = client.get(f"{base}/?as_of={D1}").text
    assert f"Interested parties as of {D1}" in page
    assert "Alpha" in page and "Beta" in page and "Gamma" not in page
    assert "Renamed" not in page and manager.user.email in page  # Beta's owner, named
    today = client.get(f"{base}/").text
    assert "Alpha Renamed" in today and "Gamma" in today and 'name="as_of"' in today
    assert "past date" in client.get(f"{base}/?as_of=2999-01-01").text
    exported = client.get(f"{base}/export.csv?as_of={D2}")
    assert exported.status_code == 200
    assert f"as-of-{D2:%Y%m%d}" in exported["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert [(row["name"], row["tier"]) for row in rows] == [
        ("Alpha Renamed", "strategic"),
        ("Beta", "managed"),
    ]
    assert rows[1]["needs"].startswith("On-time delivery") and rows[1]["owner_email"]
    assert client.get(f"{base}/export.xlsx?as_of={D3}").status_code == 200
    assert client.get(f"{base}/export.csv?as_of=2999-01-01").status_code == 400
    assert organization_today(org) > D4


def test_the_page_costs_the_same_queries_whatever_the_register(org, manager, history, client_for):
    client = client_for(manager)
    url = f"/o/{org.slug}/parties/?as_of={D4}"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    with imported_fact(D4):
        for n in range(12):
            party = services.party_create(
                organization=org,
                actor=manager.user,
                data={"name": f"Extra {n}", "types": ["other"], "owner": manager.user},
            )
            services.need_create(
                organization=org, actor=manager.user, party=party, data={"description": "x"}
            )
    with CaptureQueriesContext(connection) as many:
        page = client.get(url)
    assert "Extra 11" in page.text
    assert len(many) == len(few)
