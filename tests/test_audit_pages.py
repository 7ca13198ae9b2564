"""The audit log page, its CSV export, a record's history, and the record as of a date."""

import csv
import io
import subprocess
import sys

from relmgmt.policy import Role
from relmgmt.tenancy import services


def test_an_auditor_filters_the_log_by_person_and_kind(auditor, admin, make_member, client_for):
    organization = auditor.organization
    newcomer = make_member(organization, Role.MANAGER)
    services.membership_update(
        organization=organization, actor=admin.user, membership=newcomer, role=Role.AUDITOR
    )
    client = client_for(auditor)
    page = client.get(
        f"/o/{organization.slug}/audit/",
        {"actor": admin.user.pk, "model_label": "tenancy.membership", "action": "update"},
    )
    assert page.status_code == 200
    rows = page.content.decode().split("<tbody>")[1].split("</tbody>")[0]
    assert rows.count("<tr>") == 1 and admin.user.email in rows


def test_an_htmx_request_gets_only_the_results_fragment(auditor, client_for):
    page = client_for(auditor).get(f"/o/{auditor.organization.slug}/audit/", HTTP_HX_REQUEST="true")
    assert page.status_code == 200
    assert b'id="audit-results"' in page.content and b"<html" not in page.content


def test_the_log_page_uses_a_constant_number_of_queries(
    auditor, make_member, client_for, assert_constant_queries
):
    assert_constant_queries(
        client_for(auditor),
        f"/o/{auditor.organization.slug}/audit/",
        grow=lambda: [make_member(auditor.organization) for _ in range(10)],
    )


def test_bad_filter_values_are_shown_not_crashed_on(auditor, client_for):
    page = client_for(auditor).get(
        f"/o/{auditor.organization.slug}/audit/", {"occurred_from": "last tuesday", "page": "x"}
    )
    assert page.status_code == 200
    assert b"Enter a valid date" in page.content


def test_the_csv_export_holds_the_filtered_events_safely(auditor, admin, make_member, client_for):
    organization = auditor.organization
    make_member(organization, Role.MANAGER, user=None)
    services.organization_update(
        organization=organization,
        actor=admin.user,
        name="=HYPERLINK(1)",
        timezone_name="UTC",
        require_mfa=False,
    )
    response = client_for(auditor).get(
        f"/o/{organization.slug}/audit/export.csv", {"model_label": "tenancy.organization"}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][0] == "seq"
    assert {row[5] for row in rows[1:]} == {"tenancy.organization"}
    assert all(not cell.startswith("=") for row in rows for cell in row)


def test_a_record_history_page_shows_every_event_and_the_state_as_of_a_date(
    admin, manager, client_for
):
    organization = admin.organization
    services.membership_update(
        organization=organization, actor=admin.user, membership=manager, role=Role.AUDITOR
    )
    client = client_for(admin)
    url = f"/o/{organization.slug}/audit/records/tenancy.membership/{manager.pk}/"
    page = client.get(url)
    assert page.status_code == 200
    assert page.content.count(b"<article>") == 2
    today = manager.created_at.date().isoformat()
    page = client.get(url, {"as_of": today})
    assert b"As of " + today.encode() in page.content and b"Auditor (read-only)" in page.content
    page = client.get(url, {"as_of": "2000-01-01"})
    assert b"did not exist" in page.content


def test_a_deleted_record_keeps_its_history(admin, manager, client_for):
    organization = admin.organization
    services.membership_remove(organization=organization, actor=admin.user, membership=manager)
    page = client_for(admin).get(
        f"/o/{organization.slug}/audit/records/tenancy.membership/{manager.pk}/"
    )
    assert page.status_code == 200 and b"Deleted" in page.content


def test_unknown_kinds_of_record_are_not_found(admin, client_for):
    client = client_for(admin)
    base = f"/o/{admin.organization.slug}/audit/records"
    assert client.get(f"{base}/nothing.here/1/").status_code == 404
    assert client.get(f"{base}/tenancy.membership/999999/").status_code == 404


def test_the_member_page_shows_its_history_panel(admin, manager, client_for):
    page = client_for(admin).get(f"/o/{admin.organization.slug}/members/{manager.pk}/")
    assert b"History" in page.content and b"Created by" in page.content


def test_the_health_check_answers_200_when_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json()["database"] == "up"


def test_the_health_check_answers_503_when_the_database_does_not(tmp_path):
    probe = "from django.test import Client;r = Client().get('/healthz');print(r.status_code)"
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "shell", "-c", probe],
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "relmgmt.settings.test",
            "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none",
            "RELMGMT_VAR_DIR": str(tmp_path),
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip().splitlines()[-1] == "503", result.stderr


def test_the_portal_shows_the_users_own_supplier(supplier_member, client_for):
    page = client_for(supplier_member).get(f"/portal/{supplier_member.organization.slug}/")
    assert page.status_code == 200
    assert supplier_member.supplier.name.encode() in page.content


def test_a_supplier_user_in_two_organisations_chooses_in_the_portal(
    supplier_member, other_org, make_member, client_for
):
    make_member(other_org, Role.SUPPLIER, user=supplier_member.user)
    page = client_for(supplier_member).get("/portal/")
    assert page.status_code == 200
    assert b"Acme Ltd" in page.content and b"Globex GmbH" in page.content
