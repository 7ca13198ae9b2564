"""Certificates on the pages and in the API: who may download a file and how it is served,
adding one through the form, the lists' filters and their query counts."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from relmgmt.core.dates import organization_today
from relmgmt.core.scoping import org_scope
from relmgmt.tenancy import services as tenancy_services
from suppliers.demo.certificates import certificate_pdf
from suppliers.models import Certificate

from .test_certificates import add


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def certificate(org, manager, make_supplier):
    supplier = make_supplier(org, name="Fabrikam Steel")
    return add(
        org,
        manager.user,
        supplier,
        upload=SimpleUploadedFile("Zertifikat ISO 9001 «2026».pdf", certificate_pdf("ISO")),
    )


def download_url(org, certificate):
    return reverse(
        "suppliers:certificate_download", kwargs={"org_slug": org.slug, "pk": certificate.pk}
    )


@pytest.mark.parametrize("role", ["auditor", "manager", "admin"])
def test_members_who_read_suppliers_download_the_file_as_an_attachment(
    request, role, org, certificate, client_for
):
    member = request.getfixturevalue(role)
    response = client_for(member).get(download_url(org, certificate))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''Zertifikat" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_another_organisation_gets_404_and_a_portal_user_403(
    org, certificate, outsider, supplier_member, client_for, client
):
    assert client_for(outsider).get(download_url(org, certificate)).status_code == 404
    client.logout()
    assert client_for(supplier_member).get(download_url(org, certificate)).status_code == 403


def test_media_is_not_served_by_url(org, certificate, admin, client_for):
    response = client_for(admin).get(f"/media/{certificate.file.name}")
    assert response.status_code == 404
    response = client_for(admin).get(f"/{certificate.file.name}")
    assert response.status_code == 404


def test_a_manager_adds_a_certificate_and_a_mislabelled_file_is_refused(
    org, manager, make_supplier, client_for
):
    supplier = make_supplier(org)
    client = client_for(manager)
    url = reverse("suppliers:certificate_create", kwargs={"org_slug": org.slug, "pk": supplier.pk})
    today = organization_today(org)
    data = {
        "type": "iso_14001",
        "issuer": "DNV",
        "number": "EMS-1",
        "valid_from": today.isoformat(),
        "valid_to": (today + timedelta(days=365)).isoformat(),
    }
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40
    refused = client.post(url, {**data, "file": SimpleUploadedFile("ems.pdf", png)})
    assert refused.status_code == 200
    assert b"This file is not a PDF" in refused.content
    with org_scope(org):
        assert not Certificate.objects.exists()
    response = client.post(
        url, {**data, "file": SimpleUploadedFile("ems.pdf", certificate_pdf("x"))}
    )
    assert response.status_code == 302 and response["Location"].endswith("#certificates")
    page = client.get(response["Location"])
    assert b"ISO 14001" in page.content and b"ems.pdf" in page.content


def test_the_certificate_is_changed_and_deleted_with_a_reason(
    org, manager, certificate, client_for
):
    client = client_for(manager)
    kwargs = {"org_slug": org.slug, "pk": certificate.pk}
    response = client.post(
        reverse("suppliers:certificate_edit", kwargs=kwargs),
        {
            "type": "iso_9001",
            "issuer": "TÜV",
            "number": "9",
            "valid_from": certificate.valid_from.isoformat(),
            "valid_to": certificate.valid_to.isoformat(),
            "reason": "issuer corrected",
        },
    )
    assert response.status_code == 302
    delete = reverse("suppliers:certificate_delete", kwargs=kwargs)
    assert client.post(delete, {"reason": ""}).status_code == 200
    assert client.post(delete, {"reason": "duplicate"}).status_code == 302
    with org_scope(org):
        assert not Certificate.objects.exists()


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_lists_take_the_same_number_of_queries_for_many_certificates(
    org, admin, manager, make_supplier, client_for
):
    tenancy_services.organization_update(
        organization=org,
        actor=admin.user,
        name=org.name,
        timezone_name=org.timezone,
        require_mfa=False,
        required_certificate_types=["iso_9001", "insurance"],
    )
    client = client_for(manager)
    urls = [
        reverse("suppliers:certificate_list", kwargs={"org_slug": org.slug}) + "?expiry=90",
        reverse("suppliers:supplier_list", kwargs={"org_slug": org.slug}),
        reverse("suppliers:supplier_list", kwargs={"org_slug": org.slug}) + "?certificates=flagged",
        f"/api/v1/o/{org.slug}/certificates/?type=iso_9001",
    ]
    supplier = make_supplier(org)
    add(org, manager.user, supplier, days=30)
    client.get(f"/o/{org.slug}/")  # the session notes its first activity, once
    before = [_queries(client, url) for url in urls]
    for days in (10, 20, -5, 50, 80):
        add(org, manager.user, make_supplier(org), days=days)
    assert [_queries(client, url) for url in urls] == before


def test_the_filters_find_expiring_and_expired_certificates_and_flagged_suppliers(
    org, admin, manager, make_supplier, client_for
):
    tenancy_services.organization_update(
        organization=org,
        actor=admin.user,
        name=org.name,
        timezone_name=org.timezone,
        require_mfa=False,
        required_certificate_types=["iso_9001"],
    )
    soon, later, gone, none = (
        make_supplier(org, code=c) for c in ("SOON", "LATER", "GONE", "NONE")
    )
    add(org, manager.user, soon, days=20)
    add(org, manager.user, later, days=200)
    old = add(org, manager.user, gone, days=-10)
    add(
        org,
        manager.user,
        gone,
        days=-400,
        number="older",
        valid_from=organization_today(org) - timedelta(days=1500),
    )
    client = client_for(manager)
    api = f"/api/v1/o/{org.slug}/"

    def codes(path):
        body = client.get(api + path).json()
        return sorted(row.get("code") or row["supplier"] for row in body["results"])

    assert codes("certificates/?expiry=30") == [soon.pk]
    assert codes("certificates/?expiry=expired") == [gone.pk]  # the older one is replaced
    assert codes("suppliers/?certificates=30") == ["SOON"]
    assert codes("suppliers/?certificates=expired") == ["GONE"]
    assert codes("suppliers/?certificates=flagged") == ["GONE", "NONE"]
    page = client.get(reverse("suppliers:supplier_list", kwargs={"org_slug": org.slug}))
    assert page.content.count(b"ISO 9001 missing") == 1
    assert page.content.count(b"ISO 9001 expired") == 1
    detail = client.get(
        reverse("suppliers:certificate_list", kwargs={"org_slug": org.slug}) + "?expiry=expired"
    )
    assert str(old.number).encode() in detail.content


def test_the_api_creates_with_a_file_refuses_a_mislabelled_one_and_downloads(
    org, manager, make_supplier, api_client_for
):
    supplier = make_supplier(org)
    api = api_client_for(manager)
    url = f"/api/v1/o/{org.slug}/certificates/"
    today = organization_today(org)
    data = {
        "supplier": supplier.pk,
        "type": "insurance",
        "issuer": "Zurich",
        "valid_from": today.isoformat(),
        "valid_to": (today - timedelta(days=1)).isoformat(),
    }
    pdf = certificate_pdf("Insurance")
    refused = api.post(url, {**data, "file": SimpleUploadedFile("i.pdf", pdf)}, format="multipart")
    assert refused.status_code == 400 and "valid_to" in refused.json()["error"]["fields"]
    data["valid_to"] = (today + timedelta(days=90)).isoformat()
    refused = api.post(url, {**data, "file": SimpleUploadedFile("i.jpg", pdf)}, format="multipart")
    assert refused.status_code == 400
    message = "This file is not a JPEG image: its content is a PDF."
    assert refused.json()["error"]["fields"]["file"] == [message]
    assert api.post(url, data, format="multipart").status_code == 400
    created = api.post(url, {**data, "file": SimpleUploadedFile("i.pdf", pdf)}, format="multipart")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["validity"] == "valid" and body["original_name"] == "i.pdf"
    download = api.get(body["download_url"])
    assert download.status_code == 200
    assert download["Content-Disposition"] == 'attachment; filename="i.pdf"'
    changed = api.patch(f"{url}{body['id']}/", {"issuer": "Allianz"}, format="json")
    assert changed.status_code == 200 and changed.json()["issuer"] == "Allianz"
    assert api.delete(f"{url}{body['id']}/").status_code == 400
    assert api.delete(f"{url}{body['id']}/?reason=cancelled").status_code == 204
