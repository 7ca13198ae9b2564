"""The portal's services, tested directly: certificate uploads waiting for acceptance,
proposed profile changes, and requests to suppliers with their reminders."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from parties.models import Contact, Party
from parties.services import contacts as contact_services
from relmgmt.audit.models import AuditEvent
from relmgmt.core.dates import organization_today
from relmgmt.core.scoping import org_scope
from relmgmt.notifications.models import Reminder
from relmgmt.policy import Role
from suppliers.demo.certificates import certificate_pdf
from suppliers.models import Supplier, SupplierRequest
from suppliers.models.certificates import CertificateStatus
from suppliers.models.requests import RequestStatus
from suppliers.selectors import certificates as certificate_selectors
from suppliers.selectors import requests as request_selectors
from suppliers.services import certificates as certificate_services
from suppliers.services import portal as portal_services
from suppliers.services import register as supplier_services
from suppliers.services import requests as request_services
from tests.support.legacy_requests import earlier_corrective_action_request


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def portal_user(org, make_member):
    return make_member(org, Role.SUPPLIER)


@pytest.fixture
def supplier(portal_user):
    return portal_user.supplier


def upload(org, portal_user, *, kind="iso_9001", days=300):
    today = organization_today(org)
    return certificate_services.certificate_upload_by_supplier(
        organization=org,
        actor=portal_user.user,
        supplier=portal_user.supplier,
        data={
            "type": kind,
            "issuer": "BSI",
            "number": "FM 1",
            "valid_from": today - timedelta(days=10),
            "valid_to": today + timedelta(days=days),
        },
        upload=SimpleUploadedFile("iso.pdf", certificate_pdf("ISO")),
    )


# --- Certificates -------------------------------------------------------------------------


def test_a_portal_upload_waits_and_counts_only_once_accepted(org, manager, portal_user):
    org.settings = {"required_certificate_types": ["iso_9001"]}
    org.save()
    certificate = upload(org, portal_user, days=20)
    assert certificate.status == CertificateStatus.PENDING
    assert certificate.uploaded_by == portal_user.user and certificate.accepted_by is None
    with org_scope(org):
        flagged = certificate_selectors.flagged_suppliers(
            Supplier.objects.filter(organization=org), organization=org
        )
        assert list(flagged) == [portal_user.supplier]
        assert not Reminder.objects.filter(model_label="suppliers.certificate").exists()

    certificate_services.certificate_accept(
        organization=org, actor=manager.user, certificate=certificate
    )
    with org_scope(org):
        certificate.refresh_from_db()
        assert certificate.status == CertificateStatus.ACCEPTED
        assert certificate.accepted_by == manager.user and certificate.accepted_at
        flagged = certificate_selectors.flagged_suppliers(
            Supplier.objects.filter(organization=org), organization=org
        )
        assert list(flagged) == []
        # 20 days left: the 30-day warning goes out now, the 7-day one later.
        assert (
            Reminder.objects.filter(
                model_label="suppliers.certificate", status=Reminder.Status.PENDING
            ).count()
            == 2
        )
    with pytest.raises(ValidationError, match="accepted already"):
        certificate_services.certificate_accept(
            organization=org, actor=manager.user, certificate=certificate
        )


def test_a_rejection_needs_a_reason_and_keeps_it_for_the_supplier(org, manager, portal_user):
    certificate = upload(org, portal_user)
    with pytest.raises(ValidationError) as error:
        certificate_services.certificate_reject(
            organization=org, actor=manager.user, certificate=certificate, reason="  "
        )
    assert "reason" in error.value.message_dict
    certificate_services.certificate_reject(
        organization=org, actor=manager.user, certificate=certificate, reason="Expired scope"
    )
    with org_scope(org):
        certificate.refresh_from_db()
        event = AuditEvent.objects.filter(model_label="suppliers.certificate").latest("seq")
    assert certificate.status == CertificateStatus.REJECTED
    assert certificate.rejection_reason == "Expired scope" and event.reason == "Expired scope"


def test_another_organisations_certificate_is_refused(org, other_org, manager, make_member):
    theirs = make_member(other_org, Role.SUPPLIER)
    certificate = upload(other_org, theirs)
    with pytest.raises(ValidationError):
        certificate_services.certificate_accept(
            organization=org, actor=manager.user, certificate=certificate
        )


# --- Proposed profile changes -------------------------------------------------------------


def test_an_accepted_address_is_applied_to_the_party_with_the_proposal_as_reason(
    org, manager, portal_user, supplier
):
    change = portal_services.profile_change_propose(
        organization=org,
        actor=portal_user.user,
        supplier=supplier,
        kind="address",
        data={"address": "Hauptstrasse 1\n80331 München"},
    )
    with org_scope(org):
        assert Party.objects.get(pk=supplier.party_id).address == ""
    portal_services.profile_change_accept(organization=org, actor=manager.user, change=change)
    with org_scope(org):
        party = Party.objects.get(pk=supplier.party_id)
        event = AuditEvent.objects.filter(model_label="parties.party", action="update").latest(
            "seq"
        )
        change.refresh_from_db()
    assert party.address == "Hauptstrasse 1\n80331 München"
    assert event.changes["address"] == ["", "Hauptstrasse 1\n80331 München"]
    assert f"proposal {change.pk}" in event.reason
    assert change.status == "accepted" and change.decided_by == manager.user
    with pytest.raises(ValidationError, match="accepted already"):
        portal_services.profile_change_accept(organization=org, actor=manager.user, change=change)


def test_contact_proposals_add_and_change_contacts_of_its_own_party_only(
    org, manager, portal_user, supplier, make_supplier
):
    added = portal_services.profile_change_propose(
        organization=org,
        actor=portal_user.user,
        supplier=supplier,
        kind="contact_add",
        data={"name": " Ana  Ruiz ", "email": "ana@example.test", "job_title": "Quality"},
    )
    assert added.proposed["name"] == "Ana Ruiz"
    portal_services.profile_change_accept(organization=org, actor=manager.user, change=added)
    with org_scope(org):
        contact = Contact.objects.get(party_id=supplier.party_id)
    assert (contact.name, contact.email) == ("Ana Ruiz", "ana@example.test")

    changed = portal_services.profile_change_propose(
        organization=org,
        actor=portal_user.user,
        supplier=supplier,
        kind="contact_change",
        contact=contact,
        data={"name": "Ana Ruiz", "email": "ana.ruiz@example.test", "job_title": "Quality"},
    )
    portal_services.profile_change_accept(organization=org, actor=manager.user, change=changed)
    with org_scope(org):
        contact.refresh_from_db()
    assert contact.email == "ana.ruiz@example.test"

    other = make_supplier(org)
    with org_scope(org):
        party = Party.objects.get(pk=other.party_id)
    foreign = contact_services.contact_create(
        organization=org, actor=manager.user, party=party, data={"name": "Someone else"}
    )
    with pytest.raises(ValidationError) as error:
        portal_services.profile_change_propose(
            organization=org,
            actor=portal_user.user,
            supplier=supplier,
            kind="contact_change",
            contact=foreign,
            data={"name": "Mine now"},
        )
    assert "contact" in error.value.message_dict


@pytest.mark.parametrize(
    ("kind", "data", "field"),
    [
        ("contact_add", {"name": ""}, "name"),
        ("contact_add", {"name": "Bo", "email": "not-an-email"}, "email"),
        ("address", {"address": "  "}, "address"),
        ("nonsense", {}, "kind"),
    ],
)
def test_bad_proposals_name_the_field(org, portal_user, supplier, kind, data, field):
    with pytest.raises(ValidationError) as error:
        portal_services.profile_change_propose(
            organization=org, actor=portal_user.user, supplier=supplier, kind=kind, data=data
        )
    assert field in error.value.message_dict


def test_a_proposal_that_changes_nothing_is_refused_and_a_rejection_needs_a_reason(
    org, manager, portal_user, supplier
):
    same = contact_services.contact_create(
        organization=org, actor=manager.user, party=supplier.party, data={"name": "Same"}
    )
    with pytest.raises(ValidationError, match="changes nothing"):
        portal_services.profile_change_propose(
            organization=org,
            actor=portal_user.user,
            supplier=supplier,
            kind="contact_change",
            contact=same,
            data={"name": "Same"},
        )
    change = portal_services.profile_change_propose(
        organization=org,
        actor=portal_user.user,
        supplier=supplier,
        kind="address",
        data={"address": "Somewhere"},
    )
    with pytest.raises(ValidationError):
        portal_services.profile_change_reject(
            organization=org, actor=manager.user, change=change, reason=""
        )
    portal_services.profile_change_reject(
        organization=org, actor=manager.user, change=change, reason="Not your head office"
    )
    with org_scope(org):
        change.refresh_from_db()
        assert Party.objects.get(pk=supplier.party_id).address == ""
    assert change.status == "rejected" and change.rejection_reason == "Not your head office"


# --- Requests to suppliers ----------------------------------------------------------------


def raise_request(org, manager, supplier, *, days=10, kind="corrective_action"):
    """A request; of the corrective action kind (the default), one raised before the 8D."""
    data = {
        "kind": kind,
        "subject": "Burrs on part 4711",
        "description": "Contain, find the root cause, correct.",
        "internal_note": "Third time.",
        "due_date": organization_today(org) + timedelta(days=days),
    }
    if kind == "corrective_action":
        return earlier_corrective_action_request(
            organization=org, actor=manager.user, supplier=supplier, data=data
        )
    return request_services.request_raise(
        organization=org, actor=manager.user, supplier=supplier, data=data
    )


def test_a_new_corrective_action_request_is_refused_pointing_to_the_8d(org, manager, supplier):
    with pytest.raises(ValidationError, match="asked of a supplier as an 8D"):
        request_services.request_raise(
            organization=org,
            actor=manager.user,
            supplier=supplier,
            data={
                "kind": "corrective_action",
                "subject": "Burrs",
                "description": "Send an 8D.",
                "due_date": organization_today(org) + timedelta(days=5),
            },
        )
    with org_scope(org):
        assert not SupplierRequest.objects.exists()


def open_reminders(org, request):
    with org_scope(org):
        return {
            reminder.kind: reminder
            for reminder in Reminder.objects.filter(
                model_label="suppliers.supplierrequest",
                object_id=str(request.pk),
                status=Reminder.Status.PENDING,
            ).prefetch_related("recipients")
        }


def test_raising_reminds_portal_users_before_and_the_owner_after_the_due_date(
    org, manager, portal_user, supplier
):
    supplier_services.supplier_update(
        organization=org, actor=manager.user, supplier=supplier, data={"owner": manager.user}
    )
    with org_scope(org):
        supplier = Supplier.objects.get(pk=supplier.pk)
    request = raise_request(org, manager, supplier)
    assert request.status == RequestStatus.OPEN and request.sent_at and request.raised_by
    reminders = open_reminders(org, request)
    soon, overdue = reminders["suppliers.request_due_soon"], reminders["suppliers.request_overdue"]
    assert list(soon.recipients.all()) == [portal_user.user]
    assert soon.url == f"/portal/{org.slug}/requests/{request.pk}/"
    assert list(overdue.recipients.all()) == [manager.user]
    assert overdue.url.startswith(f"/o/{org.slug}/suppliers/requests/")
    assert soon.send_at.date() == request.due_date - timedelta(days=3)
    assert overdue.send_at.date() == request.due_date + timedelta(days=1)


def test_respond_return_respond_close_keeps_the_first_response_time(
    org, manager, portal_user, supplier
):
    request = raise_request(org, manager, supplier)
    with pytest.raises(ValidationError) as error:
        request_services.request_respond(
            organization=org, actor=portal_user.user, request=request, response=" "
        )
    assert "response" in error.value.message_dict
    request = request_services.request_respond(
        organization=org,
        actor=portal_user.user,
        request=request,
        response="8D attached",
        upload=SimpleUploadedFile("8d.pdf", certificate_pdf("8D")),
    )
    first = request.responded_at
    assert request.status == RequestStatus.RESPONDED and request.response_file_name == "8d.pdf"
    assert open_reminders(org, request) == {}

    with pytest.raises(ValidationError):
        request_services.request_return(
            organization=org, actor=manager.user, request=request, comment=""
        )
    request = request_services.request_return(
        organization=org,
        actor=manager.user,
        request=request,
        comment="Root cause missing",
        due_date=organization_today(org) + timedelta(days=20),
    )
    assert request.status == RequestStatus.RETURNED
    assert set(open_reminders(org, request)) >= {"suppliers.request_due_soon"}
    request = request_services.request_respond(
        organization=org, actor=portal_user.user, request=request, response="Root cause: tool"
    )
    assert request.responded_at == first and request.last_responded_at > first
    request = request_services.request_close(
        organization=org, actor=manager.user, request=request, reason="Effective"
    )
    assert request.status == RequestStatus.CLOSED and request.closed_by == manager.user
    with pytest.raises(ValidationError, match="closed"):
        request_services.request_respond(
            organization=org, actor=portal_user.user, request=request, response="More"
        )
    with pytest.raises(ValidationError, match="closed"):
        request_services.request_close(organization=org, actor=manager.user, request=request)


def test_a_mislabelled_response_file_is_refused_and_nothing_is_kept(
    org, manager, portal_user, supplier, tmp_path
):
    request = raise_request(org, manager, supplier)
    with pytest.raises(ValidationError) as error:
        request_services.request_respond(
            organization=org,
            actor=portal_user.user,
            request=request,
            response="See file",
            upload=SimpleUploadedFile("report.pdf", b"MZ\x90\x00 not a pdf at all"),
        )
    assert "file" in error.value.message_dict
    with org_scope(org):
        request.refresh_from_db()
    assert request.status == RequestStatus.OPEN and not request.response
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]


def test_a_due_date_in_the_past_is_refused(org, manager, supplier):
    with pytest.raises(ValidationError) as error:
        raise_request(org, manager, supplier, days=-1)
    assert "due_date" in error.value.message_dict


def test_the_scorecard_can_read_responsiveness_from_plain_columns(
    org, manager, portal_user, supplier
):
    request = raise_request(org, manager, supplier)
    request_services.request_respond(
        organization=org, actor=portal_user.user, request=request, response="Done"
    )
    with org_scope(org):
        row = SupplierRequest.objects.filter(organization=org, kind="corrective_action").values(
            "organization", "supplier", "kind", "sent_at", "due_date", "responded_at"
        )[0]
    assert row["supplier"] == supplier.pk and row["responded_at"] >= row["sent_at"]


def test_overdue_is_computed_in_the_database(org, manager, supplier):
    request = raise_request(org, manager, supplier, days=1)
    with org_scope(org):
        SupplierRequest.objects.filter(pk=request.pk).update(
            due_date=organization_today(org) - timedelta(days=2)
        )
        found = request_selectors.supplier_requests(organization=org).get(pk=request.pk)
    assert found.overdue is True


def test_a_pending_upload_is_not_found_by_the_expiry_filter_until_accepted(
    org, manager, portal_user
):
    certificate = upload(org, portal_user, days=20)
    today = organization_today(org)

    def expiring():
        with org_scope(org):
            return list(
                certificate_selectors.filter_expiry(
                    certificate_selectors.certificates(organization=org),
                    organization=org,
                    value="30",
                    today=today,
                )
            )

    assert expiring() == []
    certificate_services.certificate_accept(
        organization=org, actor=manager.user, certificate=certificate
    )
    assert expiring() == [certificate]


def test_a_new_owner_gets_the_overdue_reminders_of_open_requests(
    org, manager, make_member, supplier
):
    request = raise_request(org, manager, supplier)
    assert list(open_reminders(org, request)["suppliers.request_overdue"].recipients.all()) == []
    other = make_member(org, Role.MANAGER)
    supplier_services.supplier_update(
        organization=org, actor=manager.user, supplier=supplier, data={"owner": other.user}
    )
    overdue = open_reminders(org, request)["suppliers.request_overdue"]
    assert list(overdue.recipients.all()) == [other.user]
