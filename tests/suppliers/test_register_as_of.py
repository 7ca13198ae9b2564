"""The supplier register and the certificate list as they stood on a past day, rebuilt
from the audit trail (and the status from the transition log): a history written on known
days (created, changed, deleted), checked on each day, on the pages and in the exports, in
a constant number of queries."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from relmgmt.audit.context import imported_fact
from relmgmt.core.dates import organization_today
from relmgmt.core.scoping import org_scope
from suppliers.models import Certificate, Supplier
from suppliers.selectors.as_of import certificate_list_as_of, supplier_register_as_of
from suppliers.selectors.certificates import SETTING as CERTIFICATES_REQUIRED
from suppliers.services import approval
from suppliers.services import register as services

D1, D2, D3, D4 = (date(2025, 3, day) for day in (3, 10, 17, 24))


def certificate(org, supplier, **data):
    values = {
        "type": "iso_9001",
        "issuer": "BSI",
        "number": "FM 1",
        "valid_from": date(2024, 1, 1),
        "valid_to": date(2025, 3, 14),
        "status": "accepted",
        "original_name": "",
        "content_type": "",
        "size": 0,
        **data,
    }
    with org_scope(org):
        return Certificate.objects.create(organization=org, supplier=supplier, **values)


@pytest.fixture
def history(org, manager):
    """D1: Alpha (A1) and Beta (B1) registered, Alpha's ISO 9001 to 14 March. D2: Alpha
    renamed and made critical, its certificate extended to 2026. D3: Beta deleted, an
    ISO 14001 added to Alpha. D4: its ISO 14001 deleted. Today: Alpha evaluated."""
    actor = manager.user
    with imported_fact(D1):
        alpha = services.supplier_create(
            organization=org,
            actor=actor,
            data={"name": "Alpha", "code": "A1", "categories": ["components"], "owner": actor},
        )
        beta = services.supplier_create(
            organization=org,
            actor=actor,
            data={"name": "Beta", "code": "B1", "owner": actor, "categories": ["services"]},
        )
        iso = certificate(org, alpha)
    with imported_fact(D2):
        services.supplier_update(
            organization=org,
            actor=actor,
            supplier=alpha,
            data={"name": "Alpha Renamed", "criticality": "critical"},
            reason="merger",
        )
        with org_scope(org):
            iso.valid_to = date(2026, 3, 14)
            iso.save()
    with imported_fact(D3):
        with org_scope(org):
            Supplier.objects.get(pk=beta.pk).delete()
        environmental = certificate(org, alpha, type="iso_14001", number="E 1")
    with imported_fact(D4), org_scope(org):
        Certificate.objects.get(pk=environmental.pk).delete()
    approval.supplier_transition(
        organization=org, actor=actor, supplier=alpha, action="evaluate", reason="quote"
    )
    return alpha, beta


def register_on(org, day):
    with org_scope(org):
        return [
            (row["code"], row["party__name"], row["criticality"], row["status"])
            for row in supplier_register_as_of(organization=org, day=day)
        ]


def certificates_on(org, day):
    with org_scope(org):
        return [
            (c.supplier.code, c.supplier.party.name, c.type, str(c.valid_to), c.validity)
            for c in certificate_list_as_of(organization=org, day=day)
        ]


def test_each_day_shows_the_supplier_register_as_it_stood(org, history):
    assert register_on(org, D1 - timedelta(days=1)) == []
    assert register_on(org, D1) == [
        ("A1", "Alpha", "minor", "prospective"),
        ("B1", "Beta", "minor", "prospective"),
    ]
    assert register_on(org, D2) == [
        ("A1", "Alpha Renamed", "critical", "prospective"),
        ("B1", "Beta", "minor", "prospective"),
    ]
    assert (
        register_on(org, D3)
        == register_on(org, D4)
        == [("A1", "Alpha Renamed", "critical", "prospective")]
    )


def test_each_day_shows_the_certificates_as_they_stood(org, history):
    assert certificates_on(org, D1 - timedelta(days=1)) == []
    assert certificates_on(org, D1) == [("A1", "Alpha", "iso_9001", "2025-03-14", "expiring")]
    assert certificates_on(org, D2) == [("A1", "Alpha Renamed", "iso_9001", "2026-03-14", "valid")]
    assert certificates_on(org, D3) == [
        ("A1", "Alpha Renamed", "iso_14001", "2025-03-14", "expired"),
        ("A1", "Alpha Renamed", "iso_9001", "2026-03-14", "valid"),
    ]
    assert certificates_on(org, D4) == [("A1", "Alpha Renamed", "iso_9001", "2026-03-14", "valid")]


def test_the_pages_and_exports_follow_the_date(org, auditor, history, client_for):
    client = client_for(auditor)
    base = f"/o/{org.slug}/suppliers"
    page = client.get(f"{base}/?as_of={D1}").text
    assert f"Suppliers as of {D1}" in page and "Beta" in page and "Renamed" not in page
    today = client.get(f"{base}/").text
    assert "Beta" not in today and "Under evaluation" in today
    assert "past date" in client.get(f"{base}/?as_of=2999-01-01").text
    exported = client.get(f"{base}/export.csv?as_of={D2}")
    assert f"as-of-{D2:%Y%m%d}" in exported["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert [(row["Code"], row["Supplier"], row["Criticality"]) for row in rows] == [
        ("A1", "Alpha Renamed", "Critical"),
        ("B1", "Beta", "Minor"),
    ]
    certificates = client.get(f"{base}/certificates/?as_of={D3}").text
    assert "Certificates as of" in certificates and "E 1" in certificates
    exported = client.get(f"{base}/certificates/export.csv?as_of={D3}").content.decode()
    assert "E 1" in exported and "FM 1" in exported
    assert "E 1" not in client.get(f"{base}/certificates/export.csv").content.decode()
    assert client.get(f"{base}/certificates/export.xlsx?as_of={D1}").status_code == 200


def test_the_pages_cost_the_same_queries_whatever_the_register(org, manager, history, client_for):
    client = client_for(manager)
    urls = [
        f"/o/{org.slug}/suppliers/?as_of={D4}",
        f"/o/{org.slug}/suppliers/certificates/?as_of={D4}",
    ]
    for url in urls:
        client.get(url)
    with CaptureQueriesContext(connection) as few:
        for url in urls:
            client.get(url)
    with imported_fact(D4):
        for n in range(8):
            extra = services.supplier_create(
                organization=org,
                actor=manager.user,
                data={
                    "name": f"Extra {n}",
                    "code": f"X{n}",
                    "owner": manager.user,
                    "categories": ["components"],
                },
            )
            certificate(org, extra, number=f"X-{n}")
    with CaptureQueriesContext(connection) as many:
        pages = [client.get(url).text for url in urls]
    assert "Extra 7" in pages[0] and "X-7" in pages[1]
    assert len(many) == len(few)


def test_a_record_s_history_shows_it_as_of_each_day_in_words(org, auditor, history, client_for):
    alpha, beta = history
    client = client_for(auditor)
    url = f"/o/{org.slug}/audit/records/suppliers.supplier/{alpha.pk}/"

    def as_of(day, record_url=url):
        page = client.get(record_url, {"as_of": day.isoformat()}).text
        return page[page.index(f"As of {day}") : page.index("<h2>Events</h2>")]

    assert "did not exist" in as_of(D1 - timedelta(days=1))
    on_d1 = as_of(D1)
    assert ">Criticality</th><td>Minor</td>" in on_d1
    # The party is named (with its page), not given as its id.
    assert "Party" in on_d1 and "Alpha Renamed</a>" in on_d1
    assert f"<td>{alpha.party_id}</td>" not in on_d1
    assert ">Criticality</th><td>Critical</td>" in as_of(D2)
    deleted = f"/o/{org.slug}/audit/records/suppliers.supplier/{beta.pk}/"
    assert "B1" in as_of(D2, deleted) and "did not exist" in as_of(D3, deleted)


# --- the API: /api/v1/o/<slug>/suppliers/as-of/ and certificates/as-of/ ?date= ----------------


def api_rows(client, org, register, day, **params):
    url = f"/api/v1/o/{org.slug}/{register}/as-of/"
    response = client.get(url, {"date": str(day), **params})
    assert response.status_code == 200, response.content
    return response.json()


def test_the_api_gives_the_supplier_register_as_it_stood(
    org, manager, auditor, history, api_client_for
):
    alpha, beta = history
    org.settings = {**(org.settings or {}), CERTIFICATES_REQUIRED: ["iso_9001"]}
    org.save()
    client = api_client_for(auditor)  # auditors may read
    assert api_rows(client, org, "suppliers", D1 - timedelta(days=1))["results"] == []
    on_d1 = api_rows(client, org, "suppliers", D1)["results"]
    assert [(row["id"], row["code"], row["name"]) for row in on_d1] == [
        (alpha.pk, "A1", "Alpha"),
        (beta.pk, "B1", "Beta"),
    ]
    # Between Alpha's change (D2) and Beta's deletion (D3).
    on_d2 = api_rows(client, org, "suppliers", D2 + timedelta(days=1))["results"]
    assert [(row["code"], row["name"], row["criticality"], row["status"]) for row in on_d2] == [
        ("A1", "Alpha Renamed", "critical", "prospective"),
        ("B1", "Beta", "minor", "prospective"),
    ]
    row = on_d2[1]
    assert row["categories"] == ["services"] and row["owner_email"] == manager.user.email
    assert row["standing"] is None and row["single_source"] == []
    assert row["certificate_gaps"] == [{"type": "iso_9001", "problem": "missing"}]
    assert on_d2[0]["certificate_gaps"] == []  # Alpha's ISO 9001, extended on D2
    assert [row["code"] for row in api_rows(client, org, "suppliers", D4)["results"]] == ["A1"]
    # Today: the live list in the same shape (Alpha under evaluation since today).
    today = api_rows(client, org, "suppliers", organization_today(org))["results"]
    assert [(row["code"], row["status"]) for row in today] == [("A1", "under_evaluation")]
    assert set(today[0]) == set(on_d1[0])
    first = api_rows(client, org, "suppliers", D1, page_size=1)
    assert first["count"] == 2 and first["next"] and len(first["results"]) == 1


def test_the_api_gives_the_certificates_as_they_stood(org, auditor, history, api_client_for):
    alpha, _beta = history
    client = api_client_for(auditor)

    def on(day):
        return [
            (row["supplier"], row["supplier_name"], row["number"], row["valid_to"], row["validity"])
            for row in api_rows(client, org, "certificates", day)["results"]
        ]

    assert on(D1 - timedelta(days=1)) == []
    assert on(D1) == [(alpha.pk, "Alpha", "FM 1", "2025-03-14", "expiring")]
    # Between the extension (D2) and the ISO 14001 added on D3.
    assert on(D2 + timedelta(days=1)) == [
        (alpha.pk, "Alpha Renamed", "FM 1", "2026-03-14", "valid")
    ]
    # Deleted on D4, present the day before.
    assert on(D3) == [
        (alpha.pk, "Alpha Renamed", "E 1", "2025-03-14", "expired"),
        (alpha.pk, "Alpha Renamed", "FM 1", "2026-03-14", "valid"),
    ]
    live = api_rows(client, org, "certificates", organization_today(org))["results"]
    assert [row["number"] for row in live] == ["FM 1"]
    assert set(live[0]) == set(api_rows(client, org, "certificates", D1)["results"][0])


@pytest.mark.parametrize("register", ["suppliers", "certificates"])
def test_the_api_refuses_a_missing_bad_or_future_date(register, org, auditor, api_client_for):
    client = api_client_for(auditor)
    url = f"/api/v1/o/{org.slug}/{register}/as-of/"
    for params in ({}, {"date": ""}, {"date": "2025-02-30"}, {"date": "soon"}):
        response = client.get(url, params)
        assert response.status_code == 400, params
        error = response.json()["error"]
        assert error["code"] == "invalid" and error["fields"]["date"], params
    future = organization_today(org) + timedelta(days=1)
    response = client.get(url, {"date": str(future)})
    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"date": ["Choose today or a past date."]}


@pytest.mark.parametrize("register", ["suppliers", "certificates"])
def test_the_api_is_for_the_organisation_s_staff_only(
    register, org, auditor, supplier_member, outsider, api_client_for
):
    path = f"{register}/as-of/?date={D1}"
    assert api_client_for(supplier_member).get(f"/api/v1/o/{org.slug}/{path}").status_code == 403
    assert api_client_for(outsider).get(f"/api/v1/o/{org.slug}/{path}").status_code == 404
    other = outsider.organization.slug
    assert api_client_for(auditor).get(f"/api/v1/o/{other}/{path}").status_code == 404


@pytest.mark.parametrize("live", [False, True], ids=["past day", "today"])
def test_the_api_costs_the_same_queries_whatever_the_register(
    live, org, manager, history, api_client_for, assert_constant_queries
):
    grown = iter(range(100))

    def grow():
        with imported_fact(D4):
            for n in (next(grown) for _ in range(8)):
                extra = services.supplier_create(
                    organization=org,
                    actor=manager.user,
                    data={
                        "name": f"Extra {n}",
                        "code": f"X{n}",
                        "owner": manager.user,
                        "categories": ["components"],
                    },
                )
                certificate(org, extra, number=f"X-{n}")

    client = api_client_for(manager)
    day = organization_today(org) if live else D4
    for register in ("suppliers", "certificates"):
        url = f"/api/v1/o/{org.slug}/{register}/as-of/?date={day}"
        assert_constant_queries(client, url, grow=grow)
    assert api_rows(client, org, "suppliers", day)["count"] == 17
    assert api_rows(client, org, "certificates", day)["count"] == 17
