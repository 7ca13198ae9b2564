"""The supplier portal API (/api/v1/portal/<slug>/) as a supplier's own systems use it: the
profile and proposed changes, the scorecard, certificates, requests and notifications.
Data is built through the services; every write goes through the same services as the
portal pages. Questionnaires are in test_portal_supplier_api_questionnaires.py."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from parties.models import Contact, Party
from parties.services import contacts as contact_services
from parties.services import register as party_services
from relmgmt.core.dates import organization_today
from relmgmt.core.scoping import org_scope
from relmgmt.notifications.models import Notification, Reminder
from relmgmt.policy import Role
from suppliers.demo.certificates import certificate_pdf
from suppliers.models import Certificate, ProfileChange, SupplierRequest
from suppliers.services import portal as portal_services
from suppliers.services import requests as request_services
from suppliers.services.scorecards import definitions

from .test_portal_services import raise_request, upload

BACKEND = "allauth.account.auth_backends.AuthenticationBackend"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


@pytest.fixture
def portal_user(org, make_member):
    return make_member(org, Role.SUPPLIER)


@pytest.fixture
def api(portal_user, api_client_for):
    return api_client_for(portal_user)


def base(org):
    return f"/api/v1/portal/{org.slug}"


def files_in(folder) -> list:
    return sorted(path.name for path in folder.rglob("*") if path.is_file())


# --- Profile ------------------------------------------------------------------------------


def test_the_profile_shows_code_name_status_categories_address_and_contacts(
    org, manager, portal_user, api
):
    supplier = portal_user.supplier
    contact = contact_services.contact_create(
        organization=org,
        actor=manager.user,
        party=supplier.party,
        data={"name": "Ann Ode", "email": "ann@supplier.test", "job_title": "Sales"},
    )
    response = api.get(f"{base(org)}/profile/")
    assert response.status_code == 200
    body = response.json()
    assert body["code"] == supplier.code and body["name"] == supplier.party.name
    assert body["status"] == supplier.status and body["status_label"]
    assert body["categories"] == ["components"] and body["category_labels"]
    assert body["contacts"] == [
        {
            "id": contact.pk,
            "name": "Ann Ode",
            "job_title": "Sales",
            "email": "ann@supplier.test",
            "phone": "",
        }
    ]


def test_proposed_changes_wait_for_the_buyer_and_change_nothing_until_accepted(
    org, manager, portal_user, api
):
    supplier = portal_user.supplier
    contact = contact_services.contact_create(
        organization=org,
        actor=manager.user,
        party=supplier.party,
        data={"name": "Ann Ode", "email": "ann@supplier.test"},
    )
    url = f"{base(org)}/profile/changes/"
    change = api.post(
        url,
        {"kind": "contact_change", "contact": contact.pk, "phone": "+44 1 2345"},
        format="json",
    )
    assert change.status_code == 201, change.json()
    assert change.json()["status"] == "pending"
    # The fields left out keep the contact's values, as the page's form starts from them.
    assert change.json()["proposed"] == {
        "name": "Ann Ode",
        "job_title": "",
        "email": "ann@supplier.test",
        "phone": "+44 1 2345",
    }
    added = api.post(url, {"kind": "contact_add", "name": "Bo Lind"}, format="json")
    address = api.post(url, {"kind": "address", "address": "2 Dock Road"}, format="json")
    assert added.status_code == address.status_code == 201
    with org_scope(org):
        assert Contact.objects.get(pk=contact.pk).phone == ""
        assert not Contact.objects.filter(name="Bo Lind").exists()

    pending = api.get(url, {"status": "pending", "kind": "address"}).json()["results"]
    assert [row["id"] for row in pending] == [address.json()["id"]]
    with org_scope(org):
        proposal = ProfileChange.objects.get(pk=change.json()["id"])
    portal_services.profile_change_accept(organization=org, actor=manager.user, change=proposal)
    with org_scope(org):
        assert Contact.objects.get(pk=contact.pk).phone == "+44 1 2345"
    seen = api.get(f"{url}{proposal.pk}/").json()
    assert seen["status"] == "accepted" and seen["contact_name"] == "Ann Ode"


def test_a_bad_proposal_is_refused_with_its_reasons_and_nothing_is_saved(
    org, manager, portal_user, make_member, api
):
    other = make_member(org, Role.SUPPLIER).supplier
    theirs = contact_services.contact_create(
        organization=org, actor=manager.user, party=other.party, data={"name": "Not yours"}
    )
    with org_scope(org):
        party = Party.objects.get(pk=portal_user.supplier.party_id)
    party_services.party_update(
        organization=org, actor=manager.user, party=party, data={"address": "1 Old Street"}
    )
    url = f"{base(org)}/profile/changes/"
    cases = [
        ({"name": "X"}, "kind"),
        ({"kind": "nonsense"}, "kind"),
        ({"kind": "address", "address": "  "}, "address"),
        ({"kind": "contact_add", "email": "not-an-email", "name": "X"}, "email"),
        ({"kind": "contact_add"}, "name"),
        ({"kind": "contact_change", "name": "X"}, "contact"),
        ({"kind": "contact_change", "contact": theirs.pk, "name": "X"}, "contact"),
        ({"kind": "contact_change", "contact": 999999, "name": "X"}, "contact"),
        ({"kind": "address", "address": "1 Old Street"}, "non_field_errors"),
    ]
    for body, field in cases:
        response = api.post(url, body, format="json")
        assert response.status_code == 400, body
        assert field in response.json()["error"]["fields"], (body, response.json())
    # Another supplier's contact reads exactly like one that does not exist.
    foreign = api.post(url, cases[6][0], format="json").json()["error"]["fields"]["contact"]
    missing = api.post(url, cases[7][0], format="json").json()["error"]["fields"]["contact"]
    assert [m.replace(str(theirs.pk), "ID") for m in foreign] == [
        m.replace("999999", "ID") for m in missing
    ]
    assert api.post(url, [1, 2], format="json").status_code == 400
    with org_scope(org):
        assert not ProfileChange.objects.exists()


# --- Scorecard ----------------------------------------------------------------------------


def test_the_scorecard_shows_each_period_with_its_criteria_and_no_rating_note(
    org, manager, portal_user, api
):
    assert api.get(f"{base(org)}/scorecard/").json() == {
        "scored": False,
        "period": None,
        "periods": [],
    }
    definitions.definition_create_default(organization=org, actor=manager.user)
    month = organization_today(org).replace(day=1) - timedelta(days=1)
    definitions.manual_rating_save(
        organization=org,
        actor=manager.user,
        supplier=portal_user.supplier,
        period_start=month.replace(day=1),
        rating=2,
        note="Secret buyer note",
    )
    response = api.get(f"{base(org)}/scorecard/")
    assert response.status_code == 200
    assert b"Secret buyer note" not in response.content
    body = response.json()
    assert body["scored"] is True and body["period"] == "monthly"
    rated = next(p for p in body["periods"] if p["period_start"] == str(month.replace(day=1)))
    assert rated["score"] is not None and rated["standing"]
    manual = next(line for line in rated["criteria"] if line["metric"] == "manual_rating")
    assert manual["value"] is not None and manual["points"] is not None
    assert manual["inputs"] == "1 rating"
    assert {line["metric"] for line in rated["criteria"]} >= {"manual_rating", "otif"}
    assert all(line["metric"] for line in rated["criteria"])


# --- Certificates -------------------------------------------------------------------------


def certificate_form(org, **overrides):
    today = organization_today(org)
    return {
        "type": "iso_9001",
        "issuer": "DNV",
        "number": "C-77",
        "valid_from": (today - timedelta(days=1)).isoformat(),
        "valid_to": (today + timedelta(days=500)).isoformat(),
        "file": SimpleUploadedFile("iso.pdf", certificate_pdf("ISO 9001")),
        **overrides,
    }


def test_an_upload_waits_for_acceptance_and_its_file_comes_back(org, portal_user, api):
    response = api.post(f"{base(org)}/certificates/", certificate_form(org), format="multipart")
    assert response.status_code == 201, response.json()
    created = response.json()
    assert created["status"] == "pending" and created["original_name"] == "iso.pdf"
    assert "file" not in created and "uploaded_by" not in created
    with org_scope(org):
        assert Certificate.objects.get(pk=created["id"]).uploaded_by == portal_user.user
    listed = api.get(f"{base(org)}/certificates/", {"type": "iso_9001"}).json()["results"]
    assert [row["id"] for row in listed] == [created["id"]]
    assert api.get(f"{base(org)}/certificates/", {"type": "nda"}).json()["results"] == []
    download = api.get(created["download_url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert "attachment" in download["Content-Disposition"]


def test_a_bad_upload_is_refused_and_leaves_neither_a_row_nor_a_file(
    org, portal_user, api, settings, media
):
    settings.RELMGMT_CERTIFICATE_MAX_BYTES = 2000
    url = f"{base(org)}/certificates/"
    cases = [
        (certificate_form(org, file=SimpleUploadedFile("iso.pdf", b"not a pdf at all")), "file"),
        (certificate_form(org, file=SimpleUploadedFile("iso.pdf", b"%PDF" + b"0" * 5000)), "file"),
        (certificate_form(org, file=SimpleUploadedFile("iso.exe", b"MZ")), "file"),
        ({k: v for k, v in certificate_form(org).items() if k != "file"}, "file"),
        (certificate_form(org, type="passport"), "type"),
        (certificate_form(org, valid_to="2001-01-01"), "valid_to"),
        (certificate_form(org, valid_from="yesterday"), "valid_from"),
    ]
    for body, field in cases:
        response = api.post(url, body, format="multipart")
        assert response.status_code == 400, (body, response.content)
        assert response.json()["error"]["fields"], response.json()
        errors = response.json()["error"]["fields"]
        assert field in errors or "non_field_errors" in errors, (field, errors)
    assert api.post(url, {"type": "nda"}, format="json").status_code == 400
    with org_scope(org):
        assert not Certificate.objects.exists()
    assert files_in(media) == []


# --- Requests -----------------------------------------------------------------------------


def test_requests_are_listed_filtered_answered_with_a_file_and_never_show_the_note(
    org, manager, portal_user, api
):
    supplier = portal_user.supplier
    car = raise_request(org, manager, supplier)
    document = raise_request(org, manager, supplier, kind="document", days=3)
    url = f"{base(org)}/requests/"
    listed = api.get(url)
    assert listed.status_code == 200
    assert b"Third time." not in listed.content and b"internal_note" not in listed.content
    assert [row["id"] for row in listed.json()["results"]] == [document.pk, car.pk]
    assert [r["id"] for r in api.get(url, {"kind": "document"}).json()["results"]] == [document.pk]
    assert api.get(url, {"status": "closed"}).json()["results"] == []
    assert api.get(url, {"overdue": "true"}).json()["results"] == []
    assert api.get(url, {"status": "no-such-status"}).status_code == 400

    detail = api.get(f"{url}{car.pk}/")
    assert detail.status_code == 200 and b"Third time." not in detail.content
    assert detail.json()["awaiting_response"] is True

    respond = f"{url}{car.pk}/respond/"
    assert api.post(respond, {}, format="json").status_code == 400
    assert api.post(respond, {"response": "   "}, format="json").status_code == 400
    fake = SimpleUploadedFile("8d.pdf", b"plain text")
    refused = api.post(respond, {"response": "Done", "file": fake}, format="multipart")
    assert refused.status_code == 400 and "file" in refused.json()["error"]["fields"]
    with org_scope(org):
        assert SupplierRequest.objects.get(pk=car.pk).status == "open"

    answered = api.post(
        respond,
        {
            "response": "Deburring added",
            "file": SimpleUploadedFile("8d.pdf", certificate_pdf("8D")),
        },
        format="multipart",
    )
    assert answered.status_code == 200, answered.json()
    body = answered.json()
    assert body["status"] == "responded" and body["response_file_name"] == "8d.pdf"
    with org_scope(org):
        stored = SupplierRequest.objects.get(pk=car.pk)
        assert stored.responded_by == portal_user.user
        # The same service as the page: the due-soon reminder is cancelled.
        assert not Reminder.objects.filter(
            object_id=str(car.pk), status=Reminder.Status.PENDING, kind="suppliers.request_due_soon"
        ).exists()
    download = api.get(body["response_file_url"])
    assert download.status_code == 200 and "attachment" in download["Content-Disposition"]
    again = api.post(respond, {"response": "Once more"}, format="json")
    assert again.status_code == 400 and "status" in again.json()["error"]["fields"]
    assert api.get(f"{url}{document.pk}/download/").status_code == 404

    request_services.request_return(
        organization=org, actor=manager.user, request=stored, comment="Add a photo"
    )
    returned = api.get(f"{url}{car.pk}/").json()
    assert returned["status"] == "returned" and returned["return_comment"] == "Add a photo"
    assert api.post(respond, {"response": "Photo attached"}, format="json").status_code == 200


# --- Notifications ------------------------------------------------------------------------


def test_notifications_are_the_users_own_and_are_marked_read(org, manager, portal_user, api):
    with org_scope(org):
        first = Notification.objects.create(
            organization=org, user=portal_user.user, kind="x", title="Request due", url=""
        )
        Notification.objects.create(
            organization=org,
            user=portal_user.user,
            kind="x",
            title="Certificate expiring",
            url=f"/o/{org.slug}/suppliers/1/#certificates",
        )
        for_manager = Notification.objects.create(
            organization=org, user=manager.user, kind="x", title="For the manager only"
        )
    url = f"{base(org)}/notifications/"
    listed = api.get(url).json()["results"]
    assert [row["title"] for row in listed] == ["Certificate expiring", "Request due"]
    assert listed[0]["link"] == f"/portal/{org.slug}/certificates/"
    assert api.get(f"{url}{for_manager.pk}/").status_code == 404
    assert api.post(f"{url}{for_manager.pk}/read/").status_code == 404

    marked = api.post(f"{url}{first.pk}/read/")
    assert marked.status_code == 200 and marked.json()["read_at"]
    assert [row["title"] for row in api.get(url, {"unread": "true"}).json()["results"]] == [
        "Certificate expiring"
    ]
    assert api.post(f"{url}read-all/").json() == {"marked": 1}
    assert api.get(url, {"unread": "true"}).json()["results"] == []
    with org_scope(org):
        assert Notification.objects.get(pk=for_manager.pk).read_at is None


# --- Who may use it -----------------------------------------------------------------------


def test_staff_members_are_refused_as_the_portal_pages_refuse_them(
    org, admin, manager, auditor, api_client_for
):
    for member in (admin, manager, auditor):
        client = api_client_for(member)
        for path in ("profile/", "scorecard/", "certificates/", "requests/", "notifications/"):
            response = client.get(f"{base(org)}/{path}")
            assert response.status_code == 403, (member.role, path)
            assert response.json()["error"]["code"] == "permission_denied"


def test_anonymous_callers_are_asked_to_authenticate(org):
    response = APIClient().get(f"{base(org)}/profile/")
    assert response.status_code == 401


def test_a_token_answers_only_for_its_own_organisation(
    org, other_org, portal_user, make_member, api_client_for
):
    # The same person is a portal user in both organisations.
    make_member(other_org, Role.SUPPLIER, user=portal_user.user)
    token_for_org = api_client_for(portal_user)
    assert token_for_org.get(f"{base(org)}/profile/").status_code == 200
    for path in ("profile/", "certificates/", "requests/", "notifications/", "scorecard/"):
        response = token_for_org.get(f"{base(other_org)}/{path}")
        assert response.status_code == 404, path
    session = APIClient()
    session.force_login(portal_user.user, backend=BACKEND)
    assert session.get(f"{base(other_org)}/profile/").status_code == 200


def test_writes_by_session_need_the_csrf_token(org, portal_user):
    session = APIClient(enforce_csrf_checks=True)
    session.force_login(portal_user.user, backend=BACKEND)
    response = session.post(
        f"{base(org)}/profile/changes/", {"kind": "address", "address": "X"}, format="json"
    )
    assert response.status_code == 403


# --- Query counts -------------------------------------------------------------------------


def _grow(org, manager, portal_user, path):
    supplier = portal_user.supplier
    for number in range(4):
        if path == "certificates/":
            upload(org, portal_user, kind=["iso_9001", "nda", "insurance", "other"][number])
        elif path == "requests/":
            raise_request(org, manager, supplier, kind=["document", "information"][number % 2])
        elif path == "profile/changes/":
            portal_services.profile_change_propose(
                organization=org,
                actor=portal_user.user,
                supplier=supplier,
                kind="contact_add",
                data={"name": f"Person {number}"},
            )
        else:
            with org_scope(org):
                Notification.objects.create(
                    organization=org, user=portal_user.user, kind="x", title=f"N{number}"
                )


@pytest.mark.parametrize(
    "path", ["certificates/", "requests/", "profile/changes/", "notifications/"]
)
def test_a_list_makes_as_many_queries_with_many_rows_as_with_one(
    path, org, manager, portal_user, api, assert_constant_queries
):
    _grow(org, manager, portal_user, path)
    url = f"{base(org)}/{path}"
    assert_constant_queries(api, url, grow=lambda: _grow(org, manager, portal_user, path))
    assert api.get(url).json()["count"] == 8
