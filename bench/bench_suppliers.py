"""Supplier list: median latency of page 1 and page 150 among 10,000 suppliers, beside a
bare view doing one query on the same table and a supplier's page, signed in as a manager,
in the same run.

Each supplier has its party (the list shows its name) and the organisation requires ISO 9001
certificates, which half of the suppliers hold (some expired): the list flags the rest. The
list filters, sorts, counts for its pagination, marks single sources and renders 25 rows
inside the site's layout; the bare view selects 25 codes and returns them as text. Both are
organisation pages behind the same middleware, as for the party list; a later line times
page 1 right after a change of a supplier, when the count, the menus, the page's rows and
their marks are read afresh (what is remembered for the records as they are, see
relmgmt.core.remembered).

A floor replays page 1's own SQL statements by hand behind the same middleware, with no
ORM and no template (bench/replay.py): the database's share of the page, the rest of its
time being Python's.

The supplier's page (``/suppliers/<pk>/``, its status, standing, certificates and open 8Ds;
its further panels are read as they scroll into view) is timed for a supplier with
``PAGE_CERTIFICATES`` certificates; the aim is a page within twice the list's page 1.
``BENCH_LIST_SUPPLIERS`` for another count of suppliers (the deep page is then the last full
one); ``BENCH_CACHE=redis`` and ``BENCH_SERVER=gunicorn`` time the pages with Redis as the
cache and served by gunicorn over HTTP (bench/serving.py).
"""

import os
from datetime import timedelta

from django.db import connection
from django.utils import timezone

from relmgmt.core.scoping import org_scope
from relmgmt.tenancy import services as tenancy_services
from suppliers.models import Certificate, Supplier
from suppliers.models.certificates import CertificateType
from suppliers.models.register import ApprovalStatus, Category, Criticality

from .replay import floor_text, keep_statements
from .seed_lists import a_change, analyze, bulk_parties, organization_with_manager
from .serving import serving
from .timing import list_medians

SUPPLIERS = int(os.environ.get("BENCH_LIST_SUPPLIERS", 10_000))
DEEP_PAGE = min(150, max(SUPPLIERS // 25, 1))
PAGE_CERTIFICATES = 12
STATUSES = ApprovalStatus.values
CRITICALITIES = Criticality.values
CATEGORIES = Category.values


def seed(organization, manager) -> None:
    tenancy_services.organization_update(
        organization=organization,
        actor=manager,
        name=organization.name,
        timezone_name=organization.timezone,
        require_mfa=False,
        required_certificate_types=[CertificateType.ISO_9001],
    )
    parties = bulk_parties(organization, manager, SUPPLIERS, prefix="Supplier")
    today = timezone.localdate()
    with org_scope(organization):
        suppliers = Supplier.objects.bulk_create(
            [
                Supplier(
                    organization=organization,
                    party=party,
                    code=f"S{n:05d}",
                    categories=[CATEGORIES[n % len(CATEGORIES)]],
                    criticality=CRITICALITIES[n % len(CRITICALITIES)],
                    status=STATUSES[n % len(STATUSES)],
                    owner=manager,
                    next_evaluation_due=today + timedelta(days=n % 400 - 30),
                )
                for n, party in enumerate(parties)
            ],
            batch_size=2_000,
        )
        Certificate.objects.bulk_create(
            [
                Certificate(
                    organization=organization,
                    supplier=supplier,
                    type=CertificateType.ISO_9001,
                    issuer="Bench Certification",
                    valid_from=today - timedelta(days=365),
                    # One in five of those held has expired.
                    valid_to=today + timedelta(days=-10 if n % 5 == 0 else 300),
                    file=f"bench/{supplier.code}.pdf",
                    original_name=f"{supplier.code}.pdf",
                    content_type="application/pdf",
                    size=1,
                )
                for n, supplier in enumerate(suppliers[::2])
            ],
            batch_size=2_000,
        )
        # The supplier whose page is timed: certificates of every type, some replaced.
        types = CertificateType.values
        Certificate.objects.bulk_create(
            [
                Certificate(
                    organization=organization,
                    supplier=suppliers[1],
                    type=types[n % len(types)],
                    issuer="Bench Certification",
                    number=f"C-{n}",
                    valid_from=today - timedelta(days=365 * (n // len(types) + 1)),
                    valid_to=today + timedelta(days=300 - 365 * (n // len(types))),
                    file=f"bench/page-{n}.pdf",
                    original_name=f"page-{n}.pdf",
                    content_type="application/pdf",
                    size=1,
                )
                for n in range(PAGE_CERTIFICATES)
            ]
        )
    analyze("parties_party", "suppliers_supplier", "suppliers_certificate")


def run():
    organization, manager = organization_with_manager("Bench suppliers", "bench-suppliers")
    seed(organization, manager)
    base = "/o/bench-suppliers/suppliers/"
    with org_scope(organization):
        timed_supplier = Supplier.objects.get(organization=organization, code="S00001")
    bare_url = "/o/bench-suppliers/bench-bare-suppliers/"
    with serving(manager) as pages:
        statements = keep_statements(manager, "supplier-list", page=base, bare=bare_url)
        timed = list_medians(
            pages,
            bare=bare_url,
            urls={
                "first": base,
                "floor": "/o/bench-suppliers/bench-replay/supplier-list/",
                "deep": f"{base}?page={DEEP_PAGE}",
                "supplier": f"{base}{timed_supplier.pk}/",
            },
            changed_url=base,
            change=a_change(organization, Supplier, "conditions", code="S00000"),
        )
    bare, first, deep = timed["bare"], timed["first"], timed["deep"]
    page = timed["supplier"]
    changed = timed["changed"]
    print(f"database:                          {connection.vendor}")
    print(f"served by:                         {pages.description}")
    print(f"bare view, one query on suppliers: {bare:.1f} ms")
    print(f"supplier list page 1:              {first:.1f} ms ({first / bare:.2f}x bare)")
    print(floor_text(statements, timed["floor"], bare=bare, page=first))
    print(
        f"supplier list page {DEEP_PAGE}:            {deep:.1f} ms ({deep / bare:.2f}x bare, "
        f"{deep / first:.2f}x page 1)"
    )
    print(f"a supplier's page:                 {page:.1f} ms ({page / first:.2f}x page 1)")
    print(f"supplier list page 1, just changed: {changed:.1f} ms ({changed / bare:.2f}x bare)")
