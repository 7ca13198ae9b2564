"""Complaint handling figures: first-contact resolution and average time to resolve, per
category and channel, against hand-computed cases, on the list page, in the API, the
export and the KPI tile's drill-down."""

import io
from datetime import UTC, date, datetime, timedelta

import pytest
from django.core.cache import cache
from openpyxl import load_workbook

from feedback import kpis
from feedback.selectors.handling import handling
from feedback.services import complaints as services
from relmgmt.core.scoping import org_scope

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def _create(org, category="product", channel="email", at=START):
    return services.complaint_create(
        organization=org, actor=None, received_at=at,
        data={"subject": "s", "description": "d", "complainant_name": "n",
              "category": category, "channel": channel},
    )  # fmt: skip


def _move(org, complaint, action, at, note="told"):
    return services.complaint_transition(
        organization=org, actor=None, complaint=complaint, action=action, note=note, at=at
    )


def _world(org):
    """Five complaints, hand-computed:
    A product/email: acknowledged, resolved after 1 day -> first contact.
    B product/phone: acknowledged, investigated, resolved after 3 days -> not first.
    C billing/email: acknowledged, resolved after 2 days, reopened, resolved again after
      6 days -> not first (reopened); resolved now, 6 days.
    D billing/phone: acknowledged, resolved after 4 days, closed -> first contact.
    E product/email: acknowledged only -> not resolved, not counted.
    Overall: 4 resolved, 2 at first contact (50 %), mean (1 + 3 + 6 + 4) / 4 = 3.5 days.
    Product: 2 resolved (A, B), 1 first, mean 2 days. Billing: 2 (C, D), 1 first, 5 days.
    Email: 2 (A, C), 1 first, 3.5 days. Phone: 2 (B, D), 1 first, 3.5 days."""
    a = _create(org, "product", "email")
    _move(org, a, "acknowledge", START + timedelta(hours=1))
    _move(org, a, "resolve", START + timedelta(days=1))
    b = _create(org, "product", "phone")
    _move(org, b, "acknowledge", START + timedelta(hours=1))
    _move(org, b, "investigate", START + timedelta(hours=2))
    _move(org, b, "resolve", START + timedelta(days=3))
    c = _create(org, "billing", "email")
    _move(org, c, "acknowledge", START + timedelta(hours=1))
    _move(org, c, "resolve", START + timedelta(days=2))
    _move(org, c, "reopen", START + timedelta(days=3), note="again")
    _move(org, c, "resolve", START + timedelta(days=6))
    d = _create(org, "billing", "phone")
    _move(org, d, "acknowledge", START + timedelta(hours=1))
    _move(org, d, "resolve", START + timedelta(days=4))
    _move(org, d, "close", START + timedelta(days=5))
    e = _create(org, "product", "email")
    _move(org, e, "acknowledge", START + timedelta(hours=1))
    return a, b, c, d, e


def _plain(rows):
    return {
        row.key: (row.resolved, row.first_contact, row.first_contact_rate, row.mean_resolve_days)
        for row in rows
    }


def test_hand_computed_figures(org):
    _world(org)
    with org_scope(org):
        figures = handling(organization=org)
    assert (figures.overall.resolved, figures.overall.first_contact) == (4, 2)
    assert figures.overall.first_contact_rate == 50.0
    assert figures.overall.mean_resolve_days == 3.5
    assert _plain(figures.by_category) == {
        "product": (2, 1, 50.0, 2.0),
        "billing": (2, 1, 50.0, 5.0),
    }
    assert _plain(figures.by_channel) == {"email": (2, 1, 50.0, 3.5), "phone": (2, 1, 50.0, 3.5)}


def test_no_complaint_resolved_gives_no_rate(org):
    _create(org)
    with org_scope(org):
        figures = handling(organization=org)
    assert figures.overall.resolved == 0
    assert figures.overall.first_contact_rate is None
    assert figures.overall.mean_resolve_days is None
    assert figures.by_category == [] and figures.by_channel == []


def test_other_organisations_complaints_do_not_count(org, other_org):
    _world(org)
    with org_scope(other_org):
        assert handling(organization=other_org).overall.resolved == 0


def test_page_api_export_and_kpi_drill_down(org, manager, client_for, api_client_for):
    a, _b, _c, d, _e = _world(org)
    client = client_for(manager)
    page = client.get(f"/o/{org.slug}/complaints/")
    assert page.status_code == 200
    assert "First-contact resolution" in page.content.decode()
    drilled = client.get(f"/o/{org.slug}/complaints/?first_contact=true")
    listed_rows = drilled.context["page"].object_list
    assert {row["reference"] for row in listed_rows} == {a.reference, d.reference}
    api = api_client_for(manager)
    data = api.get(f"/api/v1/o/{org.slug}/complaints/handling/").json()
    assert data["overall"]["first_contact_rate"] == 50.0
    assert data["overall"]["mean_resolve_days"] == 3.5
    only_phone = api.get(f"/api/v1/o/{org.slug}/complaints/handling/?channel=phone").json()
    assert only_phone["overall"]["resolved"] == 2
    listed = api.get(f"/api/v1/o/{org.slug}/complaints/?first_contact=true").json()
    assert {row["reference"] for row in listed["results"]} == {a.reference, d.reference}
    export = client.get(f"/o/{org.slug}/complaints/handling.xlsx")
    sheet = load_workbook(io.BytesIO(export.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[1][:6] == ["All", "All", 4, 2, 50, 3.5]
    csv = client.get(f"/o/{org.slug}/complaints/handling.csv").content.decode()
    assert "Category,Billing,2,1,50.0,5.0" in csv
    # The KPI over March 2026: the rate, and a drill-down to exactly the two rows.
    with org_scope(org):
        assert kpis.first_contact_rate(org, date(2026, 3, 1), date(2026, 3, 31)) == 50.0
        assert kpis.first_contact_rate(org, date(2026, 4, 1), date(2026, 4, 30)) is None
    drill = client.get(
        f"/o/{org.slug}/complaints/?first_contact=true&resolved_from=2026-03-01"
        "&resolved_to=2026-03-31"
    )
    assert len(drill.context["page"].object_list) == 2


def test_kpi_is_registered_with_its_drill_down(org, manager, rf):
    from relmgmt.core import extensions as ext

    kpi = next(k for k in ext.kpis if k.key == "complaints_first_contact_resolution")
    request = rf.get("/")
    request.organization = org
    with org_scope(org):
        reading = kpi.current(request)
    assert reading.value is None
    assert "first_contact=true" in reading.url and "resolved_from=" in reading.url
