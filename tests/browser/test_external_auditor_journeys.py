"""An external auditor, in a real browser: invited with the last day of their access,
they accept, walk the evidence for clause 8.4 to the supplier register as of a past day and
download it, then build the evidence pack of the year and download it; the admin sees what
they viewed and downloaded; the day after the end date they are refused."""

import csv
import io
import re
import zipfile
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from relmgmt.core.dates import organization_today
from relmgmt.demo.seed import DEMO_PASSWORD, seed_demo
from relmgmt.tenancy.models import Organization

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, email, password=DEMO_PASSWORD):
    page.goto("/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_an_external_auditor_walks_8_4_downloads_and_is_refused_after_the_end_date(
    page, new_page, monkeypatch
):
    seed_demo(records=False)
    organization = Organization.objects.get(slug="acme")
    last_day = organization_today(organization) + timedelta(days=2)
    sign_in(page, "admin@acme.example")
    page.wait_for_url(re.compile("/o/acme/$"))
    page.goto("/o/acme/members/invite/")
    page.get_by_label("Email").fill("lead.auditor@certifier.example")
    page.get_by_label("Role").select_option("auditor")
    page.get_by_label("Access ends on").fill(last_day.isoformat())
    page.get_by_role("button", name="Send invitation").click()
    page.wait_for_url(re.compile("/o/acme/members/$"))
    assert f"access until {last_day.isoformat()}" in page.content()

    message = next(m for m in mail.outbox if m.to == ["lead.auditor@certifier.example"])
    link = re.search(r"https?://\S+/invitations/\S+/", message.body).group(0)
    auditor = new_page()
    auditor.goto(link)
    auditor.get_by_label("Your name").fill("Lead Auditor")
    auditor.get_by_label(re.compile(r"^Password:?$")).fill("A-fresh-long-passphrase-31")
    auditor.get_by_label("Password (again)").fill("A-fresh-long-passphrase-31")
    auditor.get_by_role("button", name="Create account and join").click()
    auditor.wait_for_url(re.compile("/o/acme/$"))

    # The evidence for 8.4, then the supplier register as it stood a week ago, downloaded.
    auditor.goto("/o/acme/qms/evidence/")
    auditor.locator("#clause-84").get_by_role("link", name="Supplier register").click()
    auditor.wait_for_url(re.compile("/o/acme/suppliers/$"))
    week_ago = organization_today(organization) - timedelta(days=7)
    auditor.get_by_label("As of", exact=True).fill(week_ago.isoformat())
    auditor.get_by_role("button", name="Show as of that day").click()
    auditor.wait_for_url(re.compile(f"as_of={week_ago.isoformat()}"))
    assert f"Suppliers as of {week_ago.isoformat()}" in auditor.content()
    with auditor.expect_download() as download:
        auditor.get_by_role("link", name="CSV").click()
    filename = download.value.suggested_filename
    assert filename == f"suppliers-acme-as-of-{week_ago:%Y%m%d}.csv"
    with open(download.value.path(), encoding="utf-8-sig") as file:
        header = next(csv.reader(io.StringIO(file.read())))
    assert header[:2] == ["Code", "Supplier"]

    # The evidence pack of the year so far: built in the background while its page follows
    # the progress, then downloaded; the ZIP holds the clause's files.
    today = organization_today(organization)
    auditor.goto("/o/acme/qms/evidence/")
    auditor.get_by_label("From").fill(today.replace(month=1, day=1).isoformat())
    auditor.get_by_label("To").fill(today.isoformat())
    auditor.get_by_role("button", name="Build the evidence pack").click()
    auditor.wait_for_url(re.compile(r"/o/acme/qms/packs/\d+/$"))
    expect(auditor.locator("#pack-download")).to_be_visible(timeout=60_000)
    with auditor.expect_download() as pack:
        auditor.locator("#pack-download").click()
    archive = zipfile.ZipFile(pack.value.path())
    assert archive.testzip() is None
    assert "8.4/suppliers.csv" in archive.namelist()
    assert any(name.startswith("7.5/") for name in archive.namelist())

    # The admin sees what the auditor viewed and downloaded.
    page.goto("/o/acme/members/access-log/?kind=download")
    assert filename in page.content() and "lead.auditor@certifier.example" in page.content()
    assert pack.value.suggested_filename in page.content()

    # On the last day the access holds; the day after it has ended by itself.
    zone = ZoneInfo(organization.timezone)
    late = datetime.combine(last_day, time(23, 50), tzinfo=zone)
    monkeypatch.setattr(timezone, "now", lambda: late)
    assert auditor.goto("/o/acme/qms/evidence/").status == 200
    after = datetime.combine(last_day + timedelta(days=1), time(0, 5), tzinfo=zone)
    monkeypatch.setattr(timezone, "now", lambda: after)
    assert auditor.goto("/o/acme/qms/evidence/").status == 404
    assert auditor.goto("/o/acme/suppliers/").status == 404
