"""The supplier page, an agreement's page and each of their panels make at most ten
statements, however much the supplier has of every kind: the page reads what a quality
manager needs first, the panels the rest as they scroll into view."""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from corrective_actions.services import scars as scar_services
from relmgmt.core.dates import organization_today
from relmgmt.policy import Role
from suppliers.demo.certificates import certificate_pdf
from suppliers.services import approval
from suppliers.services import certificates as certificate_services
from suppliers.services import continuity as continuity_services
from suppliers.services import deliveries as delivery_services
from suppliers.services import register as supplier_services
from suppliers.views.panels import AGREEMENT_PANELS, PANELS

from ..conftest import PAGE_QUERIES, PASSWORD, real_statements
from ..isolation.conftest import shared_world, world  # noqa: F401  (the world of every kind)
from ..isolation.test_isolation import as_user

BUDGET = PAGE_QUERIES
HTMX = {"HX-Request": "true"}


def _statements(client, url, headers) -> int:
    """Statements of one request, without the savepoints that exist only because the test
    runs inside a transaction."""
    client.get(url, headers=headers)  # warm the caches
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, headers=headers).status_code == 200
    return len(real_statements(captured.captured_queries))


def _grow(organization, manager, supplier, n: int) -> None:
    """More of each kind the page and its panels show."""
    today = organization_today(organization)
    for kind, years in (("iso_14001", 1), ("iatf_16949", 2)):
        certificate_services.certificate_create(
            organization=organization,
            actor=manager,
            supplier=supplier,
            data={
                "type": kind,
                "issuer": "BSI",
                "number": f"{kind} {n}",
                "valid_from": today - timedelta(days=100 * years),
                "valid_to": today + timedelta(days=300),
            },
            upload=ContentFile(certificate_pdf(kind), name="cert.pdf"),
        )
    for action in ("suspend", "approve"):
        approval.supplier_transition(
            organization=organization,
            actor=manager,
            supplier=supplier,
            action=action,
            reason=f"grown {n}",
            password=PASSWORD,
        )
        supplier.refresh_from_db()
    supplier_services.supplier_update(
        organization=organization,
        actor=manager,
        supplier=supplier,
        data={"owner": manager, "criticality": "critical" if n % 2 else "major"},
        reason=f"grown {n}",
    )
    delivery_services.delivery_create(
        organization=organization,
        actor=manager,
        data={
            "supplier": supplier,
            "order_reference": f"PO-G{n}",
            "item": "Bracket",
            "promised_date": today - timedelta(days=3),
            "received_date": today - timedelta(days=2),
            "quantity_ordered": 10,
            "quantity_received": 10,
        },
    )
    continuity_services.plan_create(
        organization=organization,
        actor=manager,
        data={"title": f"Plan {n}", "supplier": supplier, "trigger": "Stop",
              "actions": "Call", "owner": manager},
    )  # fmt: skip
    scar_services.scar_issue(
        organization=organization,
        actor=manager,
        supplier=supplier,
        data={"title": f"Burrs {n}", "description": "Lot", "internal_note": ""},
    )


def _page_and_panels(name: str, panels: dict, kwargs: dict) -> list:
    return [(reverse(f"suppliers:{name}", kwargs=kwargs), {})] + [
        (reverse(f"suppliers:{panel.url_name}", kwargs=kwargs), headers)
        for panel in panels.values()
        for headers in (HTMX, {})
    ]


def test_the_supplier_and_agreement_pages_and_their_panels_stay_within_ten_statements(
    world,  # noqa: F811
    client,
):
    mine, _theirs = world
    membership = mine.members[Role.MANAGER]
    supplier = mine.objects["supplier"]
    slug = mine.organization.slug
    urls = _page_and_panels("supplier_detail", PANELS, {"org_slug": slug, "pk": supplier.pk})
    agreement = {"org_slug": slug, "pk": mine.objects["agreement"].pk}
    urls += _page_and_panels("agreement_detail", AGREEMENT_PANELS, agreement)
    as_user(client, membership)
    few = {(url, bool(h)): _statements(client, url, h) for url, h in urls}
    for n in range(3):
        _grow(mine.organization, membership.user, supplier, n)
    many = {(url, bool(h)): _statements(client, url, h) for url, h in urls}
    assert many == few
    assert max(many.values()) <= BUDGET, many
