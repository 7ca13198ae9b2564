"""The home page of each role: what needs a manager today, the KPI tiles whose counts
drill down to exactly the rows they counted (after changes too), the auditor's evidence."""

import re
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from parties.models import Party
from relmgmt.core.dates import organization_today
from relmgmt.core.scoping import org_scope
from relmgmt.notifications.services import scheduling
from tests.conftest import PAGE_QUERIES, create_supplier, real_statements


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def _home(client, org):
    response = client.get(reverse("org_home", kwargs={"org_slug": org.slug}))
    assert response.status_code == 200
    return response


def _tile(response, key):
    """The figure and drill-down URL of one KPI tile, as the page shows them."""
    html = response.content.decode()
    block = re.search(rf'<article data-kpi="{key}">(.*?)</article>', html, re.S)
    assert block, f"no tile {key}"
    link = re.search(r'<a class="figure" href="([^"]+)" data-kpi-value="([^"]*)"', block.group(1))
    assert link, f"tile {key} has no drill-down"
    return int(link.group(2)), link.group(1).replace("&amp;", "&")


def _rows(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.context["page"].paginator.count


def _overdue_party(org, name, days=10):
    with org_scope(org):
        return Party.objects.create(
            organization=org,
            name=name,
            types=["customer"],
            next_review_due=organization_today(org) - timedelta(days=days),
        )


def test_the_parties_overdue_tile_counts_the_rows_its_list_shows_after_changes_too(
    org, manager, client_for
):
    client = client_for(manager)
    _overdue_party(org, "Late one")
    with org_scope(org):
        Party.objects.create(
            organization=org,
            name="Not yet",
            types=["customer"],
            next_review_due=organization_today(org) + timedelta(days=5),
        )
    count, url = _tile(_home(client, org), "parties_overdue_review")
    assert count == 1 == _rows(client, url)
    _overdue_party(org, "Late two")
    count, url = _tile(_home(client, org), "parties_overdue_review")
    assert count == 2 == _rows(client, url)


def test_the_certificates_and_complaints_tiles_match_their_lists(org, manager, client_for):
    from feedback.services import complaints as complaint_services

    client = client_for(manager)
    complaint_services.complaint_create(
        organization=org,
        actor=manager.user,
        data={"subject": "Late", "description": "d", "complainant_name": "P", "severity": "high"},
    )
    for key in ("complaints_open", "complaints_past_service_level", "certificates_expiring"):
        count, url = _tile(_home(client, org), key)
        assert count == _rows(client, url)
    assert _tile(_home(client, org), "complaints_open")[0] == 1
    # Closed complaints leave the open tile and its list alike.
    with org_scope(org):
        complaint = complaint_services.Complaint.objects.get()
    for action in ("acknowledge", "resolve", "close"):
        complaint = complaint_services.complaint_transition(
            organization=org,
            actor=manager.user,
            complaint=complaint,
            action=action,
            note="A new unit was sent",
        )
    count, url = _tile(_home(client, org), "complaints_open")
    assert count == 0 == _rows(client, url)


def test_the_supplier_standing_tile_matches_the_supplier_list(org, manager, client_for):
    create_supplier(org, name="Bolt Ltd")
    client = client_for(manager)
    count, url = _tile(_home(client, org), "suppliers_poor")
    assert count == _rows(client, url) == 0


def test_a_manager_sees_what_needs_them_soonest_first(org, manager, client_for):
    today = organization_today(org)
    late = _overdue_party(org, "Zeta", days=3)
    soon = _overdue_party(org, "Alpha", days=-5)
    for party in (soon, late):
        scheduling.reminder_schedule(
            organization=org,
            kind="parties.review_due",
            record=party,
            due_date=party.next_review_due,
            recipients=[manager.user],
            url=f"/o/{org.slug}/parties/{party.pk}/",
        )
    html = _home(client_for(manager), org).content.decode()
    agenda = html[html.index('id="agenda"') :]
    assert agenda.index("Zeta") < agenda.index("Alpha")
    assert str(today - timedelta(days=3)) in agenda


def test_an_auditor_is_led_to_the_evidence_and_sees_no_agenda(org, auditor, client_for):
    html = _home(client_for(auditor), org).content.decode()
    assert reverse("qms:evidence", kwargs={"org_slug": org.slug}) in html
    assert 'id="agenda"' not in html
    evidence = client_for(auditor).get(reverse("qms:evidence", kwargs={"org_slug": org.slug}))
    assert evidence.status_code == 200
    assert b"8.4 External providers" in evidence.content
    assert reverse("suppliers:asl", kwargs={"org_slug": org.slug}).encode() in evidence.content
    assert b"10.2 Nonconformity and corrective action" in evidence.content


def test_an_admin_home_adds_members_and_settings(org, admin, client_for):
    html = _home(client_for(admin), org).content.decode()
    assert reverse("member_list", kwargs={"org_slug": org.slug}) in html
    assert reverse("organization_settings", kwargs={"org_slug": org.slug}) in html


def test_the_home_page_queries_do_not_grow_with_rows(
    org, manager, client_for, assert_constant_queries
):
    url = reverse("org_home", kwargs={"org_slug": org.slug})

    def grow():
        for number in range(5):
            _overdue_party(org, f"Grown {number}")

    assert_constant_queries(client_for(manager), url, grow=grow)


def test_the_home_page_reads_little_once_its_figures_are_kept(org, manager, client_for):
    """Warm, a manager's home reads the session, the member, the trail's head once, the
    agenda and the live tile, and writes the session (savepoints exist only in tests)."""
    client = client_for(manager)
    url = reverse("org_home", kwargs={"org_slug": org.slug})
    _overdue_party(org, "Overdue Ltd")
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    statements = [query["sql"] for query in real_statements(queries.captured_queries)]
    assert len(statements) <= PAGE_QUERIES, statements
    assert sum("audit_auditchain" in sql for sql in statements) == 1


def test_the_otif_tile_drills_down_to_the_deliveries_it_was_computed_from(org, manager, client_for):
    from suppliers.services import deliveries as delivery_services

    supplier = create_supplier(org)
    today = organization_today(org)
    for promised, received in ((today, today), (today - timedelta(days=1), today)):
        delivery_services.delivery_create(
            organization=org,
            actor=manager.user,
            data={
                "supplier": supplier,
                "order_reference": "PO-1",
                "item": "Bracket",
                "promised_date": promised,
                "received_date": received,
                "quantity_ordered": 10,
                "quantity_received": 10,
            },
        )
    client = client_for(manager)
    html = _home(client, org).content.decode()
    block = re.search(r'<article data-kpi="otif">(.*?)</article>', html, re.S).group(1)
    link = re.search(r'<a class="figure" href="([^"]+)" data-kpi-value="([^"]*)"', block)
    assert float(link.group(2)) == 50.0
    assert _rows(client, link.group(1).replace("&amp;", "&")) == 2


# --- Nonconformities and corrective actions ---------------------------------------------

CA_COUNT_TILES = (
    "corrective_actions_open",
    "corrective_actions_overdue",
    "corrective_actions_open_age_0",
    "corrective_actions_open_age_31",
    "corrective_actions_open_age_91",
    "corrective_actions_open_age_181",
    "nonconformities_open",
)


def _corrective_actions(org, manager, checker):
    """Open ones of several ages, one overdue, one closed, open and closed nonconformities."""
    from django.utils import timezone

    from corrective_actions.services import corrective_actions as ca_services
    from tests.corrective_actions.helpers import in_state, make_ca, make_nc

    now = timezone.now()
    for days in (0, 40, 100, 200):
        ca_services.ca_create(
            organization=org,
            actor=manager.user,
            data={"title": f"Aged {days}", "problem_statement": "p", "owner": manager.user},
            opened_at=now - timedelta(days=days),
        )
    late = make_ca(org, manager.user, title="Late step")
    ca_services.step_add(
        organization=org,
        actor=manager.user,
        corrective_action=late,
        data={
            "description": "Replace the die",
            "owner": manager.user,
            "due_on": organization_today(org) - timedelta(days=3),
            "status": "planned",
        },
    )
    in_state(org, manager, checker, "closed")
    make_nc(org, manager.user)
    return late


def test_the_corrective_action_tiles_count_the_rows_their_lists_show_after_changes_too(
    org, manager, client_for, make_member
):
    from corrective_actions.services import corrective_actions as ca_services
    from relmgmt.policy import Role
    from tests.corrective_actions.helpers import make_ca, make_nc

    checker = make_member(org, Role.MANAGER)
    late = _corrective_actions(org, manager, checker)
    client = client_for(manager)
    expected = {
        "corrective_actions_open": 5,
        "corrective_actions_overdue": 1,
        "corrective_actions_open_age_0": 2,
        "corrective_actions_open_age_31": 1,
        "corrective_actions_open_age_91": 1,
        "corrective_actions_open_age_181": 1,
        "nonconformities_open": 1,
    }
    page = _home(client, org)
    for key in CA_COUNT_TILES:
        count, url = _tile(page, key)
        assert count == expected[key] == _rows(client, url), key
    # Changes: one more open, the late one cancelled, one more nonconformity.
    make_ca(org, manager.user, title="New one")
    ca_services.ca_transition(
        organization=org, actor=manager.user, corrective_action=late, action="cancel", note="Dup"
    )
    make_nc(org, manager.user, title="Scratches")
    page = _home(client, org)
    expected.update(
        corrective_actions_overdue=0, corrective_actions_open_age_0=2, nonconformities_open=2
    )
    for key in CA_COUNT_TILES:
        count, url = _tile(page, key)
        assert count == expected[key] == _rows(client, url), key


def test_the_corrective_action_rates_are_shown_over_the_last_twelve_months(
    org, manager, client_for, make_member
):
    from relmgmt.policy import Role
    from tests.corrective_actions.helpers import in_state

    checker = make_member(org, Role.MANAGER)
    in_state(org, manager, checker, "closed")
    in_state(org, manager, checker, "not_effective")  # opens its next cycle
    html = _home(client_for(manager), org).content.decode()

    def value(key):
        block = re.search(rf'<article data-kpi="{key}">(.*?)</article>', html, re.S).group(1)
        return re.search(r'class="figure"[^>]* data-kpi-value="([^"]*)"', block).group(1)

    assert float(value("corrective_actions_effectiveness")) == 50.0
    assert float(value("corrective_actions_recurrence")) >= 0
    assert value("corrective_actions_days_to_close") != ""


def test_the_home_page_queries_do_not_grow_with_corrective_actions(
    org, manager, client_for, make_member, assert_constant_queries
):
    from relmgmt.policy import Role

    checker = make_member(org, Role.MANAGER)
    _corrective_actions(org, manager, checker)
    url = reverse("org_home", kwargs={"org_slug": org.slug})
    assert_constant_queries(
        client_for(manager), url, grow=lambda: _corrective_actions(org, manager, checker)
    )
