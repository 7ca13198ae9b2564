"""Supply continuity: the single-source flag read from the register across status changes
(approve, suspend, disqualify, reinstate), backups, contingency plans with their review
reminder, the warning when a supplier leaves a category without an approved source, and
the pages, export and API."""

import io
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from relmgmt.core.dates import add_months, organization_today
from relmgmt.core.scoping import org_scope
from suppliers.selectors import continuity as selectors
from suppliers.services import approval
from suppliers.services import continuity as services
from tests.support.lazy_panels import with_panels

from ..conftest import PASSWORD
from .helpers_reviews import approved, open_reminders


def _move(org, actor, supplier, action):
    approval.supplier_transition(
        organization=org, actor=actor, supplier=supplier, action=action,
        reason=f"{action} for the test", password=PASSWORD,
    )  # fmt: skip
    with org_scope(org):
        supplier.refresh_from_db()


def _row(org, category):
    with org_scope(org):
        rows = selectors.continuity(organization=org)
    return next((row for row in rows if row.category == category), None)


def test_the_single_source_flag_follows_every_status_change(org, manager, make_supplier):
    first = make_supplier(org, categories=["tooling"], criticality="critical", owner=manager.user)
    row = _row(org, "tooling")
    assert row.sources == 0 and row.without_source and not row.single_source
    assert row.criticality == "critical"  # of its suppliers, approved or not
    _move(org, manager.user, first, "evaluate")
    _move(org, manager.user, first, "approve")
    row = _row(org, "tooling")
    assert row.single_source and row.sources == 1 and row.at_risk and row.needs_plan
    second = approved(org, manager.user, make_supplier, categories=["tooling", "logistics"])
    row = _row(org, "tooling")
    assert row.sources == 2 and not row.single_source and not row.at_risk
    assert _row(org, "logistics").single_source
    # Suspending the second: single-source again; the first is not left without a source.
    _move(org, manager.user, second, "suspend")
    assert _row(org, "tooling").single_source
    assert _row(org, "logistics").without_source
    # Reinstating it: two sources again.
    _move(org, manager.user, second, "approve")
    assert _row(org, "tooling").sources == 2
    # Disqualifying the first: single-source, its supplier no longer counted.
    _move(org, manager.user, first, "disqualify")
    row = _row(org, "tooling")
    assert row.single_source and [s.pk for s in row.approved] == [second.pk]


def test_a_suspension_leaving_a_category_without_source_is_raised(org, manager, make_supplier):
    only = approved(org, manager.user, make_supplier, categories=["calibration"],
                    owner=manager.user)  # fmt: skip
    other = approved(org, manager.user, make_supplier, categories=["components"])
    approved(org, manager.user, make_supplier, categories=["components"])
    _move(org, manager.user, other, "suspend")
    # Components keeps a source: nothing raised.
    assert "suppliers.category_without_source" not in [r[0] for r in open_reminders(org, other)]
    _move(org, manager.user, only, "suspend")
    kinds = [r[0] for r in open_reminders(org, only)]
    assert "suppliers.category_without_source" in kinds
    with org_scope(org):
        left = selectors.left_without_source(organization=org, supplier=only)
    assert [row.label for row in left] == ["Calibration and testing"]
    # Reinstated: the warning is done (its kind's check says so).
    _move(org, manager.user, only, "approve")
    from suppliers.reminder_kinds import CATEGORY_WITHOUT_SOURCE

    assert CATEGORY_WITHOUT_SOURCE.is_done(only)


def test_a_backup_is_approved_or_in_evaluation_with_a_due_date(org, manager, make_supplier):
    approved(org, manager.user, make_supplier, categories=["packaging"])
    candidate = make_supplier(org, categories=["components"])
    with pytest.raises(ValidationError) as refused:
        services.sourcing_save(organization=org, actor=manager.user, category="packaging",
                               data={"backup_supplier": candidate})  # fmt: skip
    assert "backup_due_on" in refused.value.message_dict
    due = organization_today(org) + timedelta(days=60)
    services.sourcing_save(organization=org, actor=manager.user, category="packaging",
                           data={"backup_supplier": candidate, "backup_due_on": due})  # fmt: skip
    row = _row(org, "packaging")
    assert row.backup_state == "in_evaluation" and row.at_risk
    _move(org, manager.user, candidate, "evaluate")
    _move(org, manager.user, candidate, "approve")
    row = _row(org, "packaging")
    assert row.backup_state == "approved" and row.single_source and not row.at_risk
    _move(org, manager.user, candidate, "disqualify")
    assert _row(org, "packaging").backup_state == ""
    with pytest.raises(ValidationError):
        services.sourcing_save(organization=org, actor=manager.user, category="packaging",
                               data={"backup_supplier": candidate})  # fmt: skip


def test_a_backup_of_another_organisation_is_refused(org, other_org, manager, make_supplier):
    foreign = make_supplier(other_org)
    with pytest.raises(ValidationError):
        services.sourcing_save(organization=org, actor=manager.user, category="tooling",
                               data={"backup_supplier": foreign})  # fmt: skip


def test_a_plan_is_reviewed_on_its_cadence_and_reminded(org, manager, make_supplier):
    supplier = approved(org, manager.user, make_supplier, categories=["software"],
                        criticality="critical")  # fmt: skip
    assert _row(org, "software").needs_plan
    tested = organization_today(org) - timedelta(days=200)
    plan = services.plan_create(
        organization=org, actor=manager.user,
        data={"title": "Escrow", "category": "software", "trigger": "Vendor fails",
              "actions": "Release the escrow", "owner": manager.user,
              "last_tested_on": tested, "review_every_months": 6},
    )  # fmt: skip
    assert plan.next_review_on == add_months(tested, 6)
    assert [r[0] for r in open_reminders(org, plan)][0] == "suppliers.contingency_review_due"
    row = _row(org, "software")
    assert not row.needs_plan and [p.pk for p in row.plans] == [plan.pk]
    with pytest.raises(ValidationError) as refused:
        services.plan_create(organization=org, actor=manager.user,
                             data={"title": "Both", "category": "software", "supplier": supplier,
                                   "trigger": "t", "actions": "a"})  # fmt: skip
    assert "category" in refused.value.message_dict
    # A supplier's plan counts for each category it supplies.
    services.plan_create(organization=org, actor=manager.user,
                         data={"title": "Supplier plan", "supplier": supplier, "trigger": "t",
                               "actions": "a"})  # fmt: skip
    assert len(_row(org, "software").plans) == 2


def test_pages_export_and_api(org, manager, auditor, make_supplier, client_for, api_client_for):
    sole = approved(org, manager.user, make_supplier, categories=["tooling"],
                    criticality="critical")  # fmt: skip
    client = client_for(manager)
    page = client.get(f"/o/{org.slug}/suppliers/continuity/")
    assert page.status_code == 200
    assert "single source" in page.content.decode()
    listing = client.get(f"/o/{org.slug}/suppliers/").content.decode()
    assert "single source: Tooling and equipment (one approved source)" in listing
    detail = with_panels(client, f"/o/{org.slug}/suppliers/{sole.pk}/")
    assert "Supply continuity" in detail and "single source" in detail
    risks = client.get(f"/o/{org.slug}/parties/risks/").content.decode()
    assert "Supply continuity risks" in risks and sole.code in risks
    sheet = load_workbook(
        io.BytesIO(client.get(f"/o/{org.slug}/suppliers/continuity/export.xlsx").content)
    ).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:5] == ("Tooling and equipment", "Critical", 1, sole.code, "yes")
    response = client.post(
        f"/o/{org.slug}/suppliers/continuity/plans/new/",
        {"title": "Stock", "category": "tooling", "trigger": "Stop", "actions": "Use stock",
         "review_every_months": 12},
    )  # fmt: skip
    assert response.status_code == 302
    api = api_client_for(manager)
    data = api.get(f"/api/v1/o/{org.slug}/supply-continuity/").json()
    assert data[0]["category"] == "tooling" and data[0]["single_source"] is True
    assert len(data[0]["plans"]) == 1
    backup = make_supplier(org, categories=["tooling"])
    answer = api.post(
        f"/api/v1/o/{org.slug}/supply-continuity/backup/",
        {"category": "tooling", "backup_supplier": backup.pk,
         "backup_due_on": str(organization_today(org) + timedelta(days=30))},
        format="json",
    )  # fmt: skip
    assert answer.status_code == 200, answer.json()
    assert answer.json()["backup_state"] == "in_evaluation"
    plans = api.get(f"/api/v1/o/{org.slug}/contingency-plans/").json()
    assert plans["count"] == 1
    reader = api_client_for(auditor)
    assert reader.get(f"/api/v1/o/{org.slug}/supply-continuity/").status_code == 200
    refused = reader.post(f"/api/v1/o/{org.slug}/supply-continuity/backup/",
                          {"category": "tooling"}, format="json")  # fmt: skip
    assert refused.status_code == 403


def test_continuity_page_query_count_is_constant(
    org, manager, make_supplier, client_for, assert_constant_queries
):
    approved(org, manager.user, make_supplier, categories=["tooling"])

    def grow():
        for number in range(6):
            categories = ["tooling", "services"] if number % 2 else ["other"]
            supplier = approved(org, manager.user, make_supplier, categories=categories)
            data = {"title": f"P{number}", "supplier": supplier, "trigger": "t", "actions": "a"}
            services.plan_create(organization=org, actor=manager.user, data=data)

    client = client_for(manager)
    assert_constant_queries(client, f"/o/{org.slug}/suppliers/continuity/", grow=grow)
