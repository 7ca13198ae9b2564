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


# --- the API: /api/v1/o/<slug>/parties/as-of/?date= ------------------------------------------


def api_register_on(client, org, day, **params):
    response = client.get(f"/api/v1/o/{org.slug}/parties/as-of/", {"date": str(day), **params})
    assert response.status_code == 200, response.content
    return response.json()


def test_the_api_gives_the_register_as_it_stood_on_each_day(
    org, manager, auditor, history, api_client_for
):
    alpha, beta = history
    client = api_client_for(auditor)  # auditors may read
    assert api_register_on(client, org, D1 - timedelta(days=1))["results"] == []
    on_d1 = api_register_on(client, org, D1)["results"]
    assert [(row["id"], row["name"], row["tier"]) for row in on_d1] == [
        (alpha.pk, "Alpha", "managed"),
        (beta.pk, "Beta", "managed"),
    ]
    # Between the rename (D2) and Beta's deletion (D3): Alpha as renamed, Beta still there
    # with its need and its owner; Gamma (registered on D4) not yet.
    on_d2 = api_register_on(client, org, D2 + timedelta(days=1))
    assert on_d2["count"] == 2
    renamed, deleted_later = on_d2["results"]
    assert (renamed["name"], renamed["tier"]) == ("Alpha Renamed", "strategic")
    assert renamed["needs"] == []
    assert renamed["effective_review_cadence_months"] and renamed["owner"] is None
    assert deleted_later["id"] == beta.pk and deleted_later["owner"] == manager.user.pk
    assert deleted_later["owner_email"] == manager.user.email
    assert [need["description"] for need in deleted_later["needs"]] == ["On-time delivery"]
    assert deleted_later["types"] == ["supplier"]
    assert [row["name"] for row in api_register_on(client, org, D4)["results"]] == [
        "Alpha Renamed",
        "Gamma",
    ]
    # Paged as the other lists are.
    first = api_register_on(client, org, D4, page_size=1)
    assert first["count"] == 2 and first["next"] and len(first["results"]) == 1


def test_the_api_today_is_the_live_register_in_the_same_shape(
    org, auditor, history, api_client_for
):
    client = api_client_for(auditor)
    today = api_register_on(client, org, organization_today(org))["results"]
    assert [row["name"] for row in today] == ["Alpha Renamed", "Gamma"]
    assert set(today[0]) == set(api_register_on(client, org, D1)["results"][0])


def test_the_api_refuses_a_missing_bad_or_future_date(org, auditor, history, api_client_for):
    client = api_client_for(auditor)
    url = f"/api/v1/o/{org.slug}/parties/as-of/"
    for params in ({}, {"date": ""}, {"date": "2025-13-40"}, {"date": "yesterday"}):
        response = client.get(url, params)
        assert response.status_code == 400, params
        error = response.json()["error"]
        assert error["code"] == "invalid" and error["fields"]["date"], params
    future = organization_today(org) + timedelta(days=1)
    response = client.get(url, {"date": str(future)})
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"date": ["Choose today or a past date."]}


def test_the_api_is_for_the_organisation_s_staff_only(
    org, auditor, supplier_member, outsider, history, api_client_for
):
    path = f"parties/as-of/?date={D1}"
    assert api_client_for(supplier_member).get(f"/api/v1/o/{org.slug}/{path}").status_code == 403
    assert api_client_for(outsider).get(f"/api/v1/o/{org.slug}/{path}").status_code == 404
    other = outsider.organization.slug
    assert api_client_for(auditor).get(f"/api/v1/o/{other}/{path}").status_code == 404


def test_the_api_costs_the_same_queries_whatever_the_register(
    org, manager, history, api_client_for, assert_constant_queries
):
    grown = iter(range(100))

    def grow():
        with imported_fact(D4):
            for n in (next(grown) for _ in range(12)):
                party = services.party_create(
                    organization=org,
                    actor=manager.user,
                    data={"name": f"Extra {n}", "types": ["other"], "owner": manager.user},
                )
                services.need_create(
                    organization=org, actor=manager.user, party=party, data={"description": "x"}
                )

    client = api_client_for(manager)
    url = f"/api/v1/o/{org.slug}/parties/as-of/?date={D4}"
    assert_constant_queries(client, url, grow=grow)
    assert api_register_on(client, org, D4)["count"] == 14
    # Today's (live) register too.
    today = f"/api/v1/o/{org.slug}/parties/as-of/?date={organization_today(org)}"
    assert_constant_queries(client, today, grow=grow)
    assert api_register_on(client, org, organization_today(org))["count"] == 26
