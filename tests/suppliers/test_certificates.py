"""Suppliers' certificates through their services: checked uploads, dates, the required-type
flag, and the expiry warnings at 60, 30 and 7 days."""

import os
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from relmgmt.audit.models import AuditEvent
from relmgmt.core.dates import organization_today
from relmgmt.core.scoping import org_scope
from relmgmt.notifications.models import Reminder, ReminderRecipient
from relmgmt.policy import Role
from relmgmt.tenancy import services as tenancy_services
from suppliers.demo.certificates import certificate_pdf
from suppliers.models import Certificate
from suppliers.selectors import certificates as selectors
from suppliers.services import certificates as services
from suppliers.services import register as supplier_services

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40


def pdf_upload(name="ISO 9001.pdf", content=None):
    return SimpleUploadedFile(name, content or certificate_pdf("ISO 9001"), "application/pdf")


def add(org, actor, supplier, *, days=400, kind="iso_9001", upload=None, **data):
    today = organization_today(org)
    data = {
        "type": kind,
        "issuer": "BSI",
        "number": "FM 1234",
        "valid_from": today - timedelta(days=300),
        "valid_to": today + timedelta(days=days),
        **data,
    }
    return services.certificate_create(
        organization=org,
        actor=actor,
        supplier=supplier,
        data=data,
        upload=upload or pdf_upload(),
    )


def stored_files(org) -> list[str]:
    found = []
    for root, _dirs, files in os.walk(os.path.join(default_storage.location, str(org.pk))):
        found += [os.path.join(root, name) for name in files]
    return found


def open_warnings(org, certificate) -> dict[str, str]:
    """kind -> send day, of the certificate's open warnings."""
    with org_scope(org):
        rows = Reminder.objects.filter(
            object_id=str(certificate.pk),
            model_label="suppliers.certificate",
            status=Reminder.Status.PENDING,
        )
        return {
            row.kind.rsplit("_", 1)[1]: row.send_at.date().isoformat()
            for row in rows
            if row.due_date == certificate.valid_to
        }


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Each test its own storage, so "no file is left" means this test's files."""
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def supplier(org, manager, make_supplier):
    supplier = make_supplier(org, name="Fabrikam Steel")
    return supplier_services.supplier_update(
        organization=org, actor=manager.user, supplier=supplier, data={"owner": manager.user}
    )


def test_a_buyers_pdf_is_stored_under_the_organisation_with_a_random_name_and_accepted(
    org, manager, supplier
):
    certificate = add(org, manager.user, supplier, upload=pdf_upload("../../etc/Cert ISO.pdf"))
    prefix = f"{org.pk}/suppliers/{supplier.pk}/certificates/"
    assert certificate.file.name.startswith(prefix)
    assert "Cert" not in certificate.file.name and certificate.file.name.endswith(".pdf")
    assert certificate.original_name == "Cert ISO.pdf"
    assert certificate.content_type == "application/pdf"
    assert certificate.status == "accepted" and certificate.accepted_by == manager.user
    assert certificate.uploaded_by == manager.user
    with org_scope(org):
        assert AuditEvent.objects.filter(model_label="suppliers.certificate").count() == 1


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("scan.pdf", PNG, "This file is not a PDF: its content is a PNG image."),
        ("scan.png", b"%PDF-1.4 not really an image", "This file is not a PNG image"),
        ("scan.jpg", b"MZ\x90\x00 an executable", "its content is not a PDF, PNG or JPEG"),
        ("notes.docx", b"PK\x03\x04 a word file", "Upload a PDF, PNG or JPEG file"),
        ("scan.pdf", b"", "The file is empty."),
        ("no-extension", b"%PDF-1.4", "Upload a PDF, PNG or JPEG file"),
    ],
)
def test_a_file_that_is_not_what_its_name_says_is_refused_and_nothing_is_saved(
    org, manager, supplier, name, content, message
):
    with pytest.raises(ValidationError) as refused:
        add(org, manager.user, supplier, upload=SimpleUploadedFile(name, content))
    assert message in " ".join(refused.value.message_dict["file"])
    with org_scope(org):
        assert not Certificate.objects.exists()
    assert stored_files(org) == []


def test_png_and_jpeg_are_accepted(org, manager, supplier):
    png = add(org, manager.user, supplier, upload=SimpleUploadedFile("scan.PNG", PNG))
    jpeg = add(org, manager.user, supplier, upload=SimpleUploadedFile("photo.jpeg", JPEG))
    assert (png.content_type, jpeg.content_type) == ("image/png", "image/jpeg")
    assert jpeg.file.name.endswith(".jpg")


def test_a_file_over_the_limit_is_refused_naming_the_limit(org, manager, supplier, settings):
    settings.RELMGMT_CERTIFICATE_MAX_BYTES = 1024 * 1024
    big = b"%PDF-1.4\n" + b"0" * (1024 * 1024)
    with pytest.raises(ValidationError) as refused:
        add(org, manager.user, supplier, upload=SimpleUploadedFile("big.pdf", big))
    assert "the limit is 1 MB" in refused.value.message_dict["file"][0]
    assert stored_files(org) == []


def test_validity_must_not_end_before_it_starts_and_no_file_is_left(org, manager, supplier):
    today = organization_today(org)
    with pytest.raises(ValidationError) as refused:
        add(org, manager.user, supplier, valid_from=today, valid_to=today - timedelta(days=1))
    assert "valid_to" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        add(org, manager.user, supplier, kind="iso_9000")
    assert "type" in refused.value.message_dict
    assert stored_files(org) == []


def test_a_failure_after_the_file_is_written_leaves_no_file(org, manager, supplier, other_org):
    # A supplier of another organisation is refused before anything is written...
    with pytest.raises(ValidationError):
        add(other_org, manager.user, supplier)
    # ...and a failure inside the write (here: the database refuses the row) removes the file.
    with pytest.raises(Exception):  # noqa: B017, PT011
        add(org, manager.user, supplier, issuer="x" * 5000)
    assert stored_files(org) == []


def test_a_new_file_replaces_the_old_one_which_is_removed(
    org, manager, supplier, django_capture_on_commit_callbacks
):
    certificate = add(org, manager.user, supplier)
    old = certificate.file.name
    with django_capture_on_commit_callbacks(execute=True):
        certificate = services.certificate_update(
            organization=org,
            actor=manager.user,
            certificate=certificate,
            data={"issuer": "DNV"},
            upload=SimpleUploadedFile("renewed.png", PNG),
            reason="renewed scan",
        )
    assert certificate.issuer == "DNV" and certificate.original_name == "renewed.png"
    assert not default_storage.exists(old) and default_storage.exists(certificate.file.name)


def test_a_deleted_certificate_needs_a_reason_archives_its_file_and_takes_its_warnings(
    org, manager, supplier, django_capture_on_commit_callbacks
):
    certificate = add(org, manager.user, supplier, days=40)
    assert open_warnings(org, certificate)
    with pytest.raises(ValidationError):
        services.certificate_delete(
            organization=org, actor=manager.user, certificate=certificate, reason=" "
        )
    name, pk = certificate.file.name, certificate.pk
    content = default_storage.open(name).read()
    with django_capture_on_commit_callbacks(execute=True):
        services.certificate_delete(
            organization=org, actor=manager.user, certificate=certificate, reason="uploaded twice"
        )
    assert not default_storage.exists(name)
    # Kept as evidence, under the organisation's prefix, out of the certificates' folder.
    archived = services.archived_name(name)
    assert archived.startswith(f"{org.pk}/archive/suppliers/")
    assert default_storage.open(archived).read() == content
    with org_scope(org):
        assert not Reminder.objects.filter(object_id=str(pk), status="pending").exists()
        deleted = AuditEvent.objects.get(model_label="suppliers.certificate", action="delete")
    assert deleted.reason == "uploaded twice"


# --- Warnings ----------------------------------------------------------------------------


def test_warnings_go_60_30_and_7_days_before_expiry_to_the_owner_and_portal_users(
    org, manager, supplier, make_member
):
    portal_user = make_member(org, Role.SUPPLIER, supplier=supplier)
    make_member(org, Role.SUPPLIER)  # a portal user of another supplier hears nothing
    certificate = add(org, manager.user, supplier, days=200)
    end = certificate.valid_to
    assert open_warnings(org, certificate) == {
        str(days): (end - timedelta(days=days)).isoformat() for days in (60, 30, 7)
    }
    with org_scope(org):
        reminder = Reminder.objects.get(kind="suppliers.certificate_expiring_7")
        recipients = set(
            ReminderRecipient.objects.filter(reminder=reminder).values_list("user_id", flat=True)
        )
    assert recipients == {manager.user.pk, portal_user.user.pk}


def test_warnings_whose_day_has_passed_send_only_the_most_urgent_now(org, manager, supplier):
    today = organization_today(org).isoformat()
    certificate = add(org, manager.user, supplier, days=20)
    end = certificate.valid_to
    assert open_warnings(org, certificate) == {
        "30": today,
        "7": (end - timedelta(days=7)).isoformat(),
    }
    soon = add(org, manager.user, supplier, days=7, kind="insurance")
    assert open_warnings(org, soon) == {"7": today}
    expired = add(org, manager.user, supplier, days=-1, kind="nda")
    assert open_warnings(org, expired) == {}


def test_warnings_move_with_the_date_and_stop_when_a_newer_certificate_replaces_it(
    org, manager, supplier
):
    certificate = add(org, manager.user, supplier, days=200)
    certificate = services.certificate_update(
        organization=org,
        actor=manager.user,
        certificate=certificate,
        data={"valid_to": certificate.valid_to + timedelta(days=100)},
        reason="extended",
    )
    end = certificate.valid_to
    assert open_warnings(org, certificate) == {
        str(days): (end - timedelta(days=days)).isoformat() for days in (60, 30, 7)
    }
    with org_scope(org):
        moved = Reminder.objects.filter(object_id=str(certificate.pk), status="cancelled")
        assert moved.count() == 3 and moved.first().cancelled_reason.startswith("moved to")
        assert not selectors.certificate_is_replaced(certificate)

    renewal = add(org, manager.user, supplier, days=1200, valid_from=end + timedelta(days=1))
    assert open_warnings(org, certificate) == {}
    assert len(open_warnings(org, renewal)) == 3
    with org_scope(org):
        assert selectors.certificate_is_replaced(certificate)
    # The renewal deleted: the old certificate is warned of again.
    services.certificate_delete(
        organization=org, actor=manager.user, certificate=renewal, reason="wrong supplier"
    )
    assert len(open_warnings(org, certificate)) == 3


def test_a_new_owner_gets_the_warnings(org, manager, supplier, make_member):
    certificate = add(org, manager.user, supplier, days=200)
    other = make_member(org, Role.MANAGER)
    supplier_services.supplier_update(
        organization=org, actor=manager.user, supplier=supplier, data={"owner": other.user}
    )
    with org_scope(org):
        reminder = Reminder.objects.get(
            kind="suppliers.certificate_expiring_60", object_id=str(certificate.pk)
        )
        assert list(
            ReminderRecipient.objects.filter(reminder=reminder).values_list("user_id", flat=True)
        ) == [other.user.pk]


# --- The flag: a required certificate missing or expired -----------------------------------


def require(org, admin, types):
    tenancy_services.organization_update(
        organization=org,
        actor=admin.user,
        name=org.name,
        timezone_name=org.timezone,
        require_mfa=False,
        required_certificate_types=types,
    )


def test_suppliers_without_a_valid_certificate_of_a_required_type_are_flagged(
    org, admin, manager, make_supplier, django_assert_num_queries
):
    require(org, admin, ["iso_9001", "insurance"])
    with pytest.raises(ValidationError):
        require(org, admin, ["iso_9999"])
    complete, expired, missing = (make_supplier(org) for _ in range(3))
    for supplier in (complete, expired, missing):
        add(org, manager.user, supplier, kind="insurance")
    add(org, manager.user, complete)
    add(org, manager.user, expired, days=-5)
    suppliers = (complete, expired, missing)
    with org_scope(org):
        with django_assert_num_queries(1):
            flags = selectors.certificate_flags(
                organization=org, supplier_ids=[s.pk for s in suppliers]
            )
        gaps = {
            s.pk: [g.label for g in selectors.certificate_gaps(s.status, flags[s.pk])]
            for s in suppliers
        }
        flagged = set(
            selectors.flagged_suppliers(
                complete.__class__.objects.filter(organization=org), organization=org
            ).values_list("pk", flat=True)
        )
    assert gaps == {
        complete.pk: [],
        expired.pk: ["ISO 9001 expired"],
        missing.pk: ["ISO 9001 missing"],
    }
    assert flagged == {expired.pk, missing.pk}
