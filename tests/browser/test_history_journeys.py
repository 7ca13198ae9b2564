"""The history import in a real browser: a quality manager uploads what happened before the
system, sees the row with a problem, corrects the file, confirms, and finds the supplier on
the approved supplier list of a date a year ago, marked as imported in its history."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from relmgmt.core.csv import csv_text
from relmgmt.core.dates import organization_today
from relmgmt.demo.seed import seed_demo
from relmgmt.tenancy.models import Organization
from suppliers.services import history

from ..conftest import create_supplier
from .panels import reveal
from .test_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def history_csv(rows):
    return csv_text(
        history.COLUMNS, [[row.get(column, "") for column in history.COLUMNS] for row in rows]
    ).encode()


def test_a_manager_imports_history_checks_the_preview_and_finds_the_past_on_the_asl(page):
    seed_demo(records=False)
    organization = Organization.objects.get(slug="acme")
    create_supplier(organization, code="HIST-1", name="Harbour Forge")
    today = organization_today(organization)
    approved_on = today - timedelta(days=500)
    rows = [
        {
            "supplier": "HIST-1",
            "event": "evaluate",
            "date": (approved_on - timedelta(days=30)).isoformat(),
            "decided_by": "Jo Former",
            "reason": "Samples requested",
        },
        {
            "supplier": "HIST-1",
            "event": "approve",
            "date": approved_on.isoformat(),
            "decided_by": "manager@acme.example",
            "reason": "First articles conforming",
        },
        {
            "supplier": "NO-SUCH",
            "event": "approve",
            "date": approved_on.isoformat(),
            "decided_by": "Jo Former",
            "reason": "x",
        },
    ]
    sign_in(page, "manager@acme.example")
    page.wait_for_url(re.compile("/o/acme/$"))
    page.goto(page.url + "suppliers/approved/")
    page.get_by_role("button", name="Import history from before the system").click()
    page.get_by_label("CSV or Excel (.xlsx) file").set_input_files(
        {"name": "history.csv", "mimeType": "text/csv", "buffer": history_csv(rows)}
    )
    page.get_by_role("button", name="Check the file").click()
    page.wait_for_url(re.compile("/suppliers/history/import/preview/$"))
    problems = page.locator("#problems-heading").locator("..").inner_text()
    assert "Unknown supplier" in problems and "NO-SUCH" in problems
    assert "whole or nothing" in page.locator("main").inner_text()
    assert page.get_by_role("button", name=re.compile("^Import")).count() == 0

    page.get_by_role("link", name=re.compile("^Import facts")).click()
    page.get_by_label("CSV or Excel (.xlsx) file").set_input_files(
        {"name": "history.csv", "mimeType": "text/csv", "buffer": history_csv(rows[:2])}
    )
    page.get_by_role("button", name="Check the file").click()
    assert "2 facts about 1 suppliers" in page.get_by_role("status").first.inner_text()
    page.get_by_role("button", name=re.compile("^Import the 2")).click()
    page.wait_for_url(re.compile(r"/o/acme/imports/jobs/\d+/$"))  # the worker writes it
    assert "2 facts of suppliers' history imported" in page.get_by_role("status").inner_text()
    page.get_by_role("link", name="See the records").click()
    page.wait_for_url(re.compile("/o/acme/suppliers/approved/$"))

    a_year_ago = (today - timedelta(days=365)).isoformat()
    page.get_by_label("As of").fill(a_year_ago)
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(re.compile(rf"/suppliers/approved/\?date={a_year_ago}$"))
    row = page.get_by_role("row").filter(has_text="Harbour Forge")
    expect(row).to_have_count(1)
    assert approved_on.isoformat() in row.inner_text()

    row.get_by_role("link", name="Harbour Forge").click()
    reveal(page, "approval", "history")
    approval = page.locator("#approval").inner_text()
    assert "First articles conforming" in approval and "Jo Former" in approval
    assert "Imported history" in approval
    page.get_by_role("link", name=re.compile("History page")).first.click()
    assert f"imported; happened on {approved_on.isoformat()}" in page.locator("main").inner_text()
    assert page.csp_violations == []
