"""The buyer's side of the portal in the API: requests to suppliers, proposed profile
changes, and accepting or rejecting a supplier's certificate upload."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from parties.models import Party
from relmgmt.core.dates import organization_today
from relmgmt.core.scoping import org_scope
from relmgmt.policy import Role
from suppliers.demo.certificates import certificate_pdf
from suppliers.models import SupplierRequest
from suppliers.services import portal as portal_services
from suppliers.services import requests as request_services

from .test_portal_services import raise_request, upload


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def portal_user(org, make_member):
    return make_member(org, Role.SUPPLIER)


def base(org):
    return f"/api/v1/o/{org.slug}"


def test_requests_are_raised_filtered_returned_closed_and_their_file_downloaded(
    org, manager, portal_user, api_client_for
):
    api = api_client_for(manager)
    due = organization_today(org) + timedelta(days=10)
    refused = api.post(
        f"{base(org)}/supplier-requests/",
        {
            "supplier": portal_user.supplier_id,
            "kind": "corrective_action",
            "subject": "Wrong labels",
            "description": "Correct and prevent.",
            "due_date": due.isoformat(),
        },
        format="json",
    )
    assert refused.status_code == 400
    assert "asked of a supplier as an 8D" in str(refused.json()["error"]["fields"]["kind"])
    response = api.post(
        f"{base(org)}/supplier-requests/",
        {
            "supplier": portal_user.supplier_id,
            "kind": "document",
            "subject": "Wrong labels",
            "description": "Correct and prevent.",
            "internal_note": "Key account",
            "due_date": due.isoformat(),
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["status"] == "open" and created["internal_note"] == "Key account"
    bad = api.post(
        f"{base(org)}/supplier-requests/",
        {
            "supplier": portal_user.supplier_id,
            "kind": "document",
            "subject": "x",
            "description": "y",
            "due_date": (due - timedelta(days=30)).isoformat(),
        },
        format="json",
    )
    assert bad.status_code == 400 and "due_date" in bad.json()["error"]["fields"]

    with org_scope(org):
        request = SupplierRequest.objects.get(pk=created["id"])
    request_services.request_respond(
        organization=org,
        actor=portal_user.user,
        request=request,
        response="Relabelled",
        upload=SimpleUploadedFile("photo.pdf", certificate_pdf("Photo")),
    )
    listed = api.get(f"{base(org)}/supplier-requests/?status=responded&kind=document")
    assert [row["id"] for row in listed.json()["results"]] == [created["id"]]
    assert api.get(f"{base(org)}/supplier-requests/?overdue=true").json()["results"] == []
    download = api.get(f"{base(org)}/supplier-requests/{created['id']}/download/")
    assert download.status_code == 200

    url = f"{base(org)}/supplier-requests/{created['id']}"
    assert api.post(f"{url}/return/", {}, format="json").status_code == 400
    returned = api.post(f"{url}/return/", {"comment": "Add a photo"}, format="json")
    assert returned.status_code == 200 and returned.json()["status"] == "returned"
    closed = api.post(f"{url}/close/", {"reason": "Withdrawn"}, format="json")
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    assert api.post(f"{url}/close/", {}, format="json").status_code == 400


def test_profile_changes_are_listed_accepted_and_rejected(
    org, manager, portal_user, api_client_for
):
    supplier = portal_user.supplier
    address = portal_services.profile_change_propose(
        organization=org,
        actor=portal_user.user,
        supplier=supplier,
        kind="address",
        data={"address": "5 Quay Street"},
    )
    contact = portal_services.profile_change_propose(
        organization=org,
        actor=portal_user.user,
        supplier=supplier,
        kind="contact_add",
        data={"name": "Ed Lee"},
    )
    api = api_client_for(manager)
    listed = api.get(f"{base(org)}/profile-changes/?status=pending")
    assert {row["id"] for row in listed.json()["results"]} == {address.pk, contact.pk}
    accepted = api.post(f"{base(org)}/profile-changes/{address.pk}/accept/")
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    with org_scope(org):
        assert Party.objects.get(pk=supplier.party_id).address == "5 Quay Street"
    assert (
        api.post(f"{base(org)}/profile-changes/{contact.pk}/reject/", {}, format="json").status_code
        == 400
    )
    rejected = api.post(
        f"{base(org)}/profile-changes/{contact.pk}/reject/", {"reason": "Left"}, format="json"
    )
    assert rejected.json()["rejection_reason"] == "Left"
    assert api.post(f"{base(org)}/profile-changes/{contact.pk}/accept/").status_code == 400


def test_a_suppliers_upload_is_accepted_or_rejected_through_the_api(
    org, manager, portal_user, api_client_for
):
    first = upload(org, portal_user)
    second = upload(org, portal_user, kind="nda")
    api = api_client_for(manager)
    listed = api.get(f"{base(org)}/certificates/")
    assert {row["status"] for row in listed.json()["results"]} == {"pending"}
    accepted = api.post(f"{base(org)}/certificates/{first.pk}/accept/")
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    rejected = api.post(
        f"{base(org)}/certificates/{second.pk}/reject/", {"reason": "Unsigned"}, format="json"
    )
    assert rejected.json()["status"] == "rejected"
    assert rejected.json()["rejection_reason"] == "Unsigned"
    assert api.post(f"{base(org)}/certificates/{first.pk}/accept/").status_code == 400


def test_the_request_list_keeps_its_query_count(org, manager, make_member, api_client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    api = api_client_for(manager)
    url = f"{base(org)}/supplier-requests/"
    raise_request(org, manager, make_member(org, Role.SUPPLIER).supplier)
    api.get(url)
    with CaptureQueriesContext(connection) as few:
        api.get(url)
    for _ in range(5):
        raise_request(org, manager, make_member(org, Role.SUPPLIER).supplier)
    with CaptureQueriesContext(connection) as many:
        assert len(api.get(url).json()["results"]) == 6
    assert len(many) == len(few)
