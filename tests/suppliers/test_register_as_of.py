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
from relmgmt.core.scoping import org_scope
from suppliers.models import Certificate, Supplier
from suppliers.selectors.as_of import certificate_list_as_of, supplier_register_as_of
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
