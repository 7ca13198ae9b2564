"""The portal's pages and the buyer's pages answering it, end to end through the client:
uploads accepted, proposals decided, requests answered, returned and closed; the request
list's filters and query count; organisation switching; notifications in the portal."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from parties.models import Party
from relmgmt.core.dates import organization_today
from relmgmt.core.scoping import org_scope
from relmgmt.notifications.models import Notification
from relmgmt.policy import Role
from suppliers.demo.certificates import certificate_pdf
from suppliers.models import Certificate, ProfileChange, SupplierRequest
from suppliers.models.certificates import CertificateStatus
from tests.support.lazy_panels import with_panels

from .test_portal_services import raise_request


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def portal_user(org, make_member):
    return make_member(org, Role.SUPPLIER)


def portal(org, name, **kwargs):
    return reverse(f"portal:{name}", kwargs={"org_slug": org.slug, **kwargs})


def buyer(org, name, **kwargs):
    return reverse(f"suppliers:{name}", kwargs={"org_slug": org.slug, **kwargs})


def test_an_upload_waits_the_manager_accepts_it_and_the_supplier_sees_it(
    org, portal_user, manager, client_for, client
):
    today = organization_today(org)
    response = client_for(portal_user).post(
        portal(org, "certificate_upload"),
        {
            "type": "iso_9001",
            "issuer": "DNV",
            "number": "C-77",
            "valid_from": today - timedelta(days=1),
            "valid_to": today + timedelta(days=500),
            "file": SimpleUploadedFile("iso.pdf", certificate_pdf("ISO")),
        },
    )
    assert response.status_code == 302
    with org_scope(org):
        certificate = Certificate.objects.get(number="C-77")
    assert certificate.status == CertificateStatus.PENDING
    page = client.get(portal(org, "certificate_list")).content.decode()
    assert "C-77" in page and "Waiting for the buyer" in page
    download = client.get(portal(org, "certificate_download", pk=certificate.pk))
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")

    client_for(manager)
    detail = with_panels(client, buyer(org, "supplier_detail", pk=portal_user.supplier_id))
    assert buyer(org, "certificate_accept", pk=certificate.pk) in detail
    assert client.post(buyer(org, "certificate_accept", pk=certificate.pk)).status_code == 302
    with org_scope(org):
        certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.ACCEPTED
    # Accepted: no longer pending, so the accept route does not find it.
    assert client.post(buyer(org, "certificate_accept", pk=certificate.pk)).status_code == 404


def test_a_rejected_upload_shows_its_reason_in_the_portal(
    org, portal_user, manager, client_for, client
):
    today = organization_today(org)
    client_for(portal_user).post(
        portal(org, "certificate_upload"),
        {
            "type": "insurance",
            "issuer": "Allianz",
            "valid_from": today,
            "valid_to": today + timedelta(days=365),
            "file": SimpleUploadedFile("policy.pdf", certificate_pdf("Policy")),
        },
    )
    with org_scope(org):
        certificate = Certificate.objects.get(issuer="Allianz")
    client_for(manager)
    url = buyer(org, "certificate_reject", pk=certificate.pk)
    assert "reason" in client.post(url, {"reason": ""}).context["form"].errors
    assert client.post(url, {"reason": "Cover too low"}).status_code == 302
    client_for(portal_user)
    assert "Cover too low" in client.get(portal(org, "certificate_list")).content.decode()


def test_a_proposed_address_is_reviewed_and_its_outcome_shown(
    org, portal_user, manager, client_for, client
):
    client_for(portal_user)
    assert client.get(portal(org, "address_propose")).status_code == 200
    response = client.post(portal(org, "address_propose"), {"address": "2 Mill Lane, Leeds"})
    assert response.status_code == 302
    assert "Waiting for the buyer" in client.get(portal(org, "profile")).content.decode()
    with org_scope(org):
        change = ProfileChange.objects.get()

    client_for(manager)
    listing = client.get(buyer(org, "change_list")).content.decode()
    assert "2 Mill Lane" in listing
    detail = with_panels(client, buyer(org, "supplier_detail", pk=portal_user.supplier_id))
    assert buyer(org, "change_accept", pk=change.pk) in detail
    assert client.post(buyer(org, "change_accept", pk=change.pk)).status_code == 302
    with org_scope(org):
        assert Party.objects.get(pk=portal_user.supplier.party_id).address == "2 Mill Lane, Leeds"

    client_for(portal_user)
    profile = client.get(portal(org, "profile")).content.decode()
    assert "2 Mill Lane, Leeds" in profile and "Accepted" in profile


def test_a_proposal_refused_by_the_service_shows_beside_its_field(org, portal_user, client_for):
    client = client_for(portal_user)
    response = client.post(portal(org, "contact_propose"), {"name": "Bo", "email": "nope"})
    assert response.status_code == 200 and "email" in response.context["form"].errors


def test_a_request_is_raised_answered_returned_and_closed(
    org, portal_user, manager, auditor, client_for, client
):
    supplier = portal_user.supplier
    due = organization_today(org) + timedelta(days=7)
    client_for(manager)
    form = client.get(buyer(org, "request_create", pk=supplier.pk)).content.decode()
    assert 'value="corrective_action"' not in form and "asked of a supplier as an 8D" in form
    refused = client.post(
        buyer(org, "request_create", pk=supplier.pk),
        {
            "kind": "corrective_action",
            "subject": "Scratches on housings",
            "description": "Send an 8D.",
            "due_date": due.isoformat(),
        },
    )
    assert refused.status_code == 200 and "errorlist" in refused.content.decode()
    with org_scope(org):
        assert not SupplierRequest.objects.exists()
    response = client.post(
        buyer(org, "request_create", pk=supplier.pk),
        {
            "kind": "document",
            "subject": "Scratches on housings",
            "description": "Send an 8D.",
            "internal_note": "Escalate if late",
            "due_date": due.isoformat(),
        },
    )
    assert response.status_code == 302
    with org_scope(org):
        request = SupplierRequest.objects.get()

    client_for(portal_user)
    home = client.get(portal(org, "home")).content.decode()
    assert "Scratches on housings" in home
    page = client.get(portal(org, "request_detail", pk=request.pk)).content.decode()
    assert "Send an 8D." in page and "Escalate if late" not in page
    response = client.post(
        portal(org, "request_detail", pk=request.pk),
        {"response": "8D attached", "file": SimpleUploadedFile("8d.pdf", certificate_pdf("8D"))},
    )
    assert response.status_code == 302

    client_for(auditor)
    page = client.get(buyer(org, "request_detail", pk=request.pk)).content.decode()
    assert "8D attached" in page and "Escalate if late" in page
    download = client.get(buyer(org, "request_download", pk=request.pk))
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    assert client.post(buyer(org, "request_close", pk=request.pk)).status_code == 403

    client_for(manager)
    url = buyer(org, "request_return", pk=request.pk)
    assert client.post(url, {"comment": "Root cause is missing"}).status_code == 302
    client_for(portal_user)
    page = client.get(portal(org, "request_detail", pk=request.pk)).content.decode()
    assert "Root cause is missing" in page
    client.post(portal(org, "request_detail", pk=request.pk), {"response": "Root cause: wear"})
    client_for(manager)
    assert client.post(buyer(org, "request_close", pk=request.pk)).status_code == 302
    with org_scope(org):
        request.refresh_from_db()
    assert request.status == "closed" and request.closed_by == manager.user


def test_the_request_list_filters_and_keeps_its_query_count(
    org, manager, make_member, client_for, assert_constant_queries
):
    first = make_member(org, Role.SUPPLIER).supplier
    second = make_member(org, Role.SUPPLIER).supplier
    car = raise_request(org, manager, first)
    doc = raise_request(org, manager, second, kind="document")
    with org_scope(org):
        SupplierRequest.objects.filter(pk=doc.pk).update(
            due_date=organization_today(org) - timedelta(days=1)
        )
    client = client_for(manager)
    url = buyer(org, "request_list")

    def subjects(query):
        response = client.get(url + query)
        assert response.status_code == 200
        return [item.pk for item in response.context["page"].object_list]

    assert subjects("?kind=document") == [doc.pk]
    assert subjects(f"?supplier={first.pk}") == [car.pk]
    assert subjects("?overdue=true") == [doc.pk]
    assert subjects("?overdue=false") == [car.pk]
    assert subjects("?status=open&o=due_date") == [doc.pk, car.pk]

    def grow():
        for _ in range(5):
            raise_request(org, manager, make_member(org, Role.SUPPLIER).supplier)

    assert_constant_queries(client, url, grow=grow)


def test_a_supplier_of_two_organisations_chooses_and_switches(
    org, other_org, make_user, make_member, client_for, client
):
    user = make_user(email="sales@fabrikam.test")
    make_member(org, Role.SUPPLIER, user=user)
    make_member(other_org, Role.SUPPLIER, user=user)
    client_for(user)
    entry = client.get(reverse("portal:entry")).content.decode()
    assert portal(org, "home") in entry and portal(other_org, "home") in entry
    page = client.get(portal(org, "home")).content.decode()
    assert 'id="org-switcher"' in page
    assert f'value="{portal(other_org, "home")}"' in page
    assert client.get(portal(other_org, "home")).status_code == 200
    assert client.get(portal(other_org, "profile")).status_code == 200


def test_the_portal_lists_the_users_notifications_with_links_inside_the_portal(
    org, portal_user, manager, client_for, client
):
    with org_scope(org):
        Notification.objects.create(
            organization=org,
            user=portal_user.user,
            kind="suppliers.certificate_expiring_30",
            title="Your ISO 9001 expires in 30 days",
            url=f"/o/{org.slug}/suppliers/{portal_user.supplier_id}/#certificates",
        )
        Notification.objects.create(
            organization=org, user=manager.user, kind="x", title="For the manager only"
        )
    client_for(portal_user)
    page = client.get(portal(org, "notification_list")).content.decode()
    assert "Your ISO 9001 expires" in page and "For the manager only" not in page
    assert f'href="/portal/{org.slug}/certificates/"' in page
    assert f"/o/{org.slug}/suppliers/" not in page
    home = client.get(portal(org, "home")).content.decode()
    assert f'href="{portal(org, "notification_list")}" hx-get' in home
    bell = client.get(reverse("notification_bell", kwargs={"org_slug": org.slug}))
    assert bell.status_code == 200 and b"1" in bell.content
    with org_scope(org):
        notification = Notification.objects.get(user=portal_user.user)
    response = client.post(
        reverse("notification_read", kwargs={"org_slug": org.slug, "pk": notification.pk}),
        {"next": portal(org, "notification_list")},
    )
    assert response.status_code == 302 and response["Location"] == portal(org, "notification_list")


def test_answering_a_closed_request_says_why_it_cannot(org, portal_user, manager, client_for):
    from suppliers.services import requests as request_services

    request = raise_request(org, manager, portal_user.supplier)
    request_services.request_close(organization=org, actor=manager.user, request=request)
    response = client_for(portal_user).post(
        portal(org, "request_detail", pk=request.pk), {"response": "Late answer"}
    )
    assert response.status_code == 200
    assert "cannot be answered" in response.content.decode()


def test_the_overview_shows_what_waits_and_leaves_out_replaced_certificates(
    org, portal_user, manager, client_for
):
    from suppliers.services import certificates as certificate_services
    from suppliers.services import portal as portal_services

    from .test_portal_services import upload

    expiring = upload(org, portal_user, days=20)
    certificate_services.certificate_accept(
        organization=org, actor=manager.user, certificate=expiring
    )
    pending = upload(org, portal_user, kind="nda")
    portal_services.profile_change_propose(
        organization=org,
        actor=portal_user.user,
        supplier=portal_user.supplier,
        kind="address",
        data={"address": "Dock 4"},
    )
    client = client_for(portal_user)
    home = client.get(portal(org, "home")).content.decode()
    assert "expiring, valid until" in home
    assert "1 certificate waiting" in home and "1 proposed change" in home
    assert str(pending.number) in client.get(portal(org, "certificate_list")).content.decode()

    newer = upload(org, portal_user, days=900)
    certificate_services.certificate_accept(organization=org, actor=manager.user, certificate=newer)
    home = client.get(portal(org, "home")).content.decode()
    assert "expiring, valid until" not in home
    assert "Replaced" in client.get(portal(org, "certificate_list")).content.decode()
