"""The supplier list with many suppliers: the same queries on the first page and a deep one,
the rows a reader paging through would reach, ties in a sort kept in a stable order, and
the certificate flags and badges of each row."""

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from parties.models import Party
from relmgmt.core.pagination import PAGE_SIZE
from relmgmt.core.scoping import org_scope
from relmgmt.tenancy import services as tenancy_services
from suppliers.models import Certificate, Supplier

from .test_register import make

DEEP_PAGE = 150


def many_suppliers(organization, count: int) -> list[Supplier]:
    with org_scope(organization):
        parties = Party.objects.bulk_create(
            [
                Party(organization=organization, name=f"Maker {n:05d}", types=["supplier"])
                for n in range(count)
            ]
        )
        return Supplier.objects.bulk_create(
            [
                Supplier(
                    organization=organization,
                    party=party,
                    code=f"S{n:05d}",
                    categories=["components"],
                    criticality=["critical", "major", "minor"][n % 3],
                )
                for n, party in enumerate(parties)
            ]
        )


def codes_on(page) -> list[str]:
    return re.findall(r'<tr><td class="nowrap">(S\d{5})</td>', page.text)


def test_page_150_makes_the_queries_of_page_1_and_holds_its_own_rows(org, manager, client_for):
    total = DEEP_PAGE * PAGE_SIZE + 10
    many_suppliers(org, total)
    client = client_for(manager)
    url = f"/o/{org.slug}/suppliers/"
    client.get(f"{url}?page=2")  # warm caches (content types, sessions), not these pages
    with CaptureQueriesContext(connection) as first:
        page_one = client.get(url)
    with CaptureQueriesContext(connection) as deep:
        page_deep = client.get(f"{url}?page={DEEP_PAGE}")
    assert len(deep) == len(first), (len(first), len(deep))
    # Seen again, each page's rows are remembered: fewer queries, as many for both.
    with CaptureQueriesContext(connection) as first_again:
        client.get(url)
    with CaptureQueriesContext(connection) as deep_again:
        assert codes_on(client.get(f"{url}?page={DEEP_PAGE}")) == codes_on(page_deep)
    assert len(deep_again) == len(first_again) < len(first)
    assert codes_on(page_one) == [f"S{n:05d}" for n in range(PAGE_SIZE)]
    start = (DEEP_PAGE - 1) * PAGE_SIZE
    assert codes_on(page_deep) == [f"S{n:05d}" for n in range(start, start + PAGE_SIZE)]
    assert f"Page {DEEP_PAGE} of {-(-total // PAGE_SIZE)}" in page_deep.text
    assert f"{total} in all" in page_deep.text


def test_a_sort_with_ties_pages_through_every_supplier_once(org, manager, client_for):
    many_suppliers(org, 3 * PAGE_SIZE)
    client = client_for(manager)
    seen = []
    for number in (1, 2, 3):
        page = client.get(f"/o/{org.slug}/suppliers/?o=criticality&page={number}")
        seen += codes_on(page)
    assert sorted(seen) == [f"S{n:05d}" for n in range(3 * PAGE_SIZE)]
    # Within one criticality, by code.
    criticals = [code for code in seen if int(code[1:]) % 3 == 0]
    assert criticals == sorted(criticals)


def test_each_row_shows_its_flags_badges_and_due_date(org, manager, client_for):
    tenancy_services.organization_update(
        organization=org,
        actor=manager.user,
        name=org.name,
        timezone_name=org.timezone,
        require_mfa=False,
        required_certificate_types=["iso_9001"],
    )
    today = timezone.localdate()
    held = make(org, manager.user, name="Holder & Sons", code="H1", owner=manager.user)
    lapsed = make(org, manager.user, name="Lapsed Ltd", code="L1")
    make(org, manager.user, name="Lacking Ltd", code="N1")
    with org_scope(org):
        for supplier, valid_to in ((held, today + timedelta(days=90)), (lapsed, today)):
            Certificate.objects.create(
                organization=org,
                supplier=supplier,
                type="iso_9001",
                issuer="Issuer",
                valid_from=today - timedelta(days=300),
                valid_to=valid_to - timedelta(days=1 if supplier == lapsed else 0),
                file="x.pdf",
                original_name="x.pdf",
                content_type="application/pdf",
                size=1,
            )
        Supplier.objects.filter(pk=held.pk).update(next_evaluation_due=today - timedelta(days=1))
    page = client_for(manager).get(f"/o/{org.slug}/suppliers/").text
    rows = dict(re.findall(r"<tr><td[^>]*>(\w+)</td>(.*?)</tr>", page))
    assert "Holder &amp; Sons" in rows["H1"] and "ISO 9001" not in rows["H1"]
    assert manager.user.display_name in rows["H1"]
    overdue = (today - timedelta(days=1)).isoformat()
    assert f'{overdue} <span class="badge bad">overdue' in rows["H1"]
    assert "ISO 9001 expired" in rows["L1"]
    assert "ISO 9001 missing" in rows["N1"]
    assert '<span class="badge">Prospective</span>' in rows["N1"]


def test_the_list_reads_due_dates_against_the_organisations_today(org, admin, manager, client_for):
    # Of two zones 25 hours apart, one is on another day than the server now.
    server_today = timezone.localdate()
    zone = next(
        name
        for name in ("Pacific/Kiritimati", "Pacific/Pago_Pago")
        if timezone.localdate(timezone=ZoneInfo(name)) != server_today
    )
    tenancy_services.organization_update(
        organization=org,
        actor=admin.user,
        name=org.name,
        timezone_name=zone,
        require_mfa=False,
    )
    org_today = timezone.localdate(timezone=ZoneInfo(zone))
    due = min(org_today, server_today)
    supplier = make(org, manager.user, name="Dated Ltd", code="D1")
    with org_scope(org):
        Supplier.objects.filter(pk=supplier.pk).update(next_evaluation_due=due)
    client = client_for(manager)
    overdue = due < org_today  # the organisation's calendar is ahead of the server's
    listed = client.get(f"/o/{org.slug}/suppliers/", {"reevaluation": "overdue"}).text
    assert ("Dated Ltd" in listed) is overdue
    row = dict(
        re.findall(
            r"<tr><td[^>]*>(\w+)</td>(.*?)</tr>", client.get(f"/o/{org.slug}/suppliers/").text
        )
    )["D1"]
    assert ("overdue" in row) is overdue
