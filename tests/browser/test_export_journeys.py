"""Exports follow the list's filters as they are changed in place (htmx), in a real
browser: the downloaded file holds the filtered rows without reloading the page."""

import csv
import io
import re

import pytest
from openpyxl import load_workbook

from relmgmt.demo.seed import seed_demo
from relmgmt.tenancy.models import Organization

from ..conftest import create_supplier
from .test_journeys import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_auditor_filters_the_supplier_list_and_downloads_what_it_shows(page):
    seed_demo(records=False)
    acme = Organization.objects.get(slug="acme")
    for code in ("KEEP-1", "KEEP-2", "OTHER-1"):
        create_supplier(acme, code=code, name=f"{code} Works")
    sign_in(page, "auditor@acme.example")
    page.wait_for_url(re.compile("/o/acme/$"))
    page.goto("/o/acme/suppliers/")
    page.get_by_role("searchbox").fill("keep")
    page.wait_for_url(re.compile(r"q=keep"))
    results = page.locator("#supplier-results")
    results.get_by_text("OTHER-1 Works").wait_for(state="detached")
    assert results.locator("tbody tr").count() == 2

    csv_link = results.get_by_role("link", name="CSV")
    assert "q=keep" in csv_link.get_attribute("href")
    with page.expect_download() as download:
        csv_link.click()
    assert re.fullmatch(r"suppliers-acme-\d{8}-\d{4}\.csv", download.value.suggested_filename)
    with open(download.value.path(), encoding="utf-8-sig") as file:
        text = file.read()
    rows = list(csv.reader(io.StringIO(text)))
    assert [row[0] for row in rows[1:]] == ["KEEP-1", "KEEP-2"]

    with page.expect_download() as download:
        results.get_by_role("link", name="Excel (XLSX)").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    with open(download.value.path(), "rb") as file:
        sheet = load_workbook(io.BytesIO(file.read())).worksheets[0]
    assert [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)] == [
        "KEEP-1",
        "KEEP-2",
    ]
    assert page.csp_violations == []
