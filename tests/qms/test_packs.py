"""The evidence pack of a period (a ZIP built by the worker: its files open, its CSVs hold
the rows of the period, its index names every file and the chain's check), who may build
and download it (logged in the audit trail), its retention, and a management review's pack
built in the background with its frozen figures."""

import csv
import io
import zipfile
from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from corrective_actions.services import corrective_actions as ca_services
from corrective_actions.services import nonconformities as nc_services
from feedback.services import complaints as complaint_services
from parties.models import Party
from qms.models import PackAccess, PackJob
from qms.services import packs as services
from qms.services import reviews as review_services
from relmgmt.audit.models import AuditEvent
from relmgmt.core.scoping import org_scope
from suppliers.services import deliveries as delivery_services
from tests.conftest import create_supplier

START, END = date(2026, 1, 1), date(2026, 3, 31)


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def _url(name, org, **kwargs):
    return reverse(f"qms:{name}", kwargs={"org_slug": org.slug, **kwargs})


def _pdf_text(content: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def _csv_rows(content: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def _deliver(org, actor, supplier, *, late: bool, received=date(2026, 2, 10)):
    return delivery_services.delivery_create(
        organization=org,
        actor=actor,
        data={
            "supplier": supplier,
            "order_reference": "PO-1",
            "item": "Bracket",
            "promised_date": received - timedelta(days=2 if late else 0),
            "received_date": received,
            "quantity_ordered": 100,
            "quantity_received": 100,
        },
    )


def _review(org, manager):
    return review_services.review_create(
        organization=org,
        actor=manager.user,
        data={
            "title": "Review Q1",
            "meeting_date": date(2026, 3, 20),
            "period_start": START,
            "period_end": END,
            "attendees": "Top management",
        },
    )


def _build(client, org, captured, start=START, end=END):
    """Ask for the pack as the page does and run the job the request queued (tasks run
    eagerly in the suite, once the request has committed)."""
    with captured(execute=True):
        response = client.post(
            _url("evidence_pack_create", org), {"start": start.isoformat(), "end": end.isoformat()}
        )
    assert response.status_code == 302, response.content
    with org_scope(org):
        job = PackJob.objects.latest("id")
    assert response["Location"] == _url("pack_job", org, pk=job.pk)
    return job


def _download(client, org, job) -> bytes:
    response = client.get(_url("pack_download", org, pk=job.pk))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


@pytest.fixture
def records(org, manager):
    """What the period holds: two parties, a supplier with a late delivery, a complaint, a
    nonconformity with its corrective action, and a review held in the period."""
    supplier = create_supplier(org, code="S-ACME", name="Acme Castings")
    with org_scope(org):
        Party.objects.create(organization=org, name="Bolt Retail", types=["customer"])
    delivery = _deliver(org, manager.user, supplier, late=True)
    complaint = complaint_services.complaint_create(
        organization=org,
        actor=manager.user,
        data={
            "party": supplier.party,
            "subject": "Scratched housings",
            "description": "Ten arrived scratched.",
            "severity": "high",
        },
    )
    nonconformity = nc_services.nonconformity_create(
        organization=org,
        actor=manager.user,
        data={"title": "Burrs on brackets", "occurred_on": date(2026, 2, 11), "delivery": delivery},
    )
    action = ca_services.ca_from_nonconformity(
        organization=org, actor=manager.user, nonconformity=nonconformity
    )
    review = _review(org, manager)
    review_services.review_hold(organization=org, actor=manager.user, review=review)
    return {"complaint": complaint, "nonconformity": nonconformity, "action": action}


def test_the_evidence_pack_holds_every_clause_s_files_and_they_open(
    org, manager, client_for, records, django_capture_on_commit_callbacks
):
    client = client_for(manager)
    job = _build(client, org, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == PackJob.Status.DONE, job.message
    assert job.steps_done == job.steps_total
    page = client.get(_url("pack_job", org, pk=job.pk))
    assert b"pack-download" in page.content

    archive = zipfile.ZipFile(io.BytesIO(_download(client, org, job)))
    names = set(archive.namelist())
    assert {
        "index.pdf",
        "4.2/parties.csv",
        "6.1/risks.csv",
        "6.2/quality-objectives.csv",
        "7.5/audit-trail.csv",
        "7.5/chain-verification.txt",
        "8.2.1/complaints.csv",
        "8.4/suppliers.csv",
        "8.4/approved-suppliers-20260331.csv",
        "8.4/approved-suppliers-20260331.pdf",
        "8.4/certificates.csv",
        "8.4/scorecards.csv",
        "8.7/nonconformities.csv",
        "9.1.2/survey-answers.csv",
        "10.2/corrective-actions.csv",
    } <= names
    with org_scope(org):
        party_count = Party.objects.filter(organization=org).count()
    assert len(_csv_rows(archive.read("4.2/parties.csv"))) == party_count == 2
    assert len(_csv_rows(archive.read("8.4/suppliers.csv"))) == 1
    # The complaint was received today, outside the period: not in this pack.
    assert len(_csv_rows(archive.read("8.2.1/complaints.csv"))) == 0
    assert len(_csv_rows(archive.read("8.7/nonconformities.csv"))) == 1
    assert _csv_rows(archive.read("8.4/approved-suppliers-20260331.csv")) == []
    reviews = [name for name in names if name.startswith("9.3/")]
    assert len(reviews) == 1 and "Review Q1" in _pdf_text(archive.read(reviews[0]))
    # The corrective action was opened today, after the period.
    assert len(_csv_rows(archive.read("10.2/corrective-actions.csv"))) == 0
    assert archive.read("7.5/chain-verification.txt").startswith(b"Checked ")
    assert b"Chain intact" in archive.read("7.5/chain-verification.txt")
    index = _pdf_text(archive.read("index.pdf"))
    for expected in (
        "Evidence pack",
        "2026-01-01 to 2026-03-31",
        "8.4 External providers",
        "8.4/suppliers.csv",
        "1 row",
        "Chain intact",
        "10.2/corrective-actions.csv",
    ):
        assert expected in index, expected


def test_records_of_the_period_are_those_dated_in_it(
    org, manager, client_for, records, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    client = client_for(manager)
    job = _build(client, org, django_capture_on_commit_callbacks, start=today, end=today)
    archive = zipfile.ZipFile(io.BytesIO(_download(client, org, job)))
    complaints = _csv_rows(archive.read("8.2.1/complaints.csv"))
    assert len(complaints) == 1
    assert len(_csv_rows(archive.read("8.7/nonconformities.csv"))) == 0
    assert len(_csv_rows(archive.read("10.2/corrective-actions.csv"))) == 1
    reference = records["action"].reference
    assert reference in _pdf_text(archive.read(f"10.2/{reference}.pdf"))
    trail = _csv_rows(archive.read("7.5/audit-trail.csv"))
    with org_scope(org):
        # Every event up to the build's own (its request is logged first); not the download.
        assert len(trail) == AuditEvent.objects.filter(organization=org).count() - 1


def test_an_auditor_builds_and_downloads_and_both_are_in_the_audit_trail(
    org, auditor, client_for, django_capture_on_commit_callbacks
):
    client = client_for(auditor)
    page = client.get(_url("evidence", org))
    assert b"Build the evidence pack" in page.content
    job = _build(client, org, django_capture_on_commit_callbacks)
    assert zipfile.ZipFile(io.BytesIO(_download(client, org, job))).testzip() is None
    with org_scope(org):
        accesses = list(PackAccess.objects.filter(job=job).values_list("action", "user_id"))
        events = AuditEvent.objects.filter(model_label="qms.packaccess", action="create")
        assert events.count() == 2
        assert {event.actor_id for event in events} == {auditor.user.pk}
    assert sorted(accesses) == [("build", auditor.user.pk), ("download", auditor.user.pk)]


def test_another_organisation_s_pack_is_not_found(
    org, manager, outsider, client_for, django_capture_on_commit_callbacks
):
    job = _build(client_for(manager), org, django_capture_on_commit_callbacks)
    client = client_for(outsider)
    for name in ("pack_job", "pack_download"):
        assert client.get(_url(name, org, pk=job.pk)).status_code == 404


def test_a_period_ending_before_it_starts_is_refused(org, manager, client_for):
    response = client_for(manager).post(
        _url("evidence_pack_create", org), {"start": "2026-03-01", "end": "2026-02-01"}
    )
    assert response.status_code == 200
    assert b"ends before it starts" in response.content
    with org_scope(org):
        assert not PackJob.objects.exists()


def test_a_pack_past_its_retention_is_removed_and_no_longer_downloaded(
    org, manager, client_for, django_capture_on_commit_callbacks
):
    client = client_for(manager)
    job = _build(client, org, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert default_storage.exists(job.path)
    assert services.packs_expire(organization=org) == 0
    later = timezone.now() + PackJob.RETENTION + timedelta(minutes=1)
    assert services.packs_expire(organization=org, now=later) == 1
    assert not default_storage.exists(job.path)
    job.refresh_from_db()
    assert job.status == PackJob.Status.EXPIRED
    response = client.get(_url("pack_download", org, pk=job.pk))
    assert response.status_code == 302
    with org_scope(org):
        assert not PackAccess.objects.filter(action="download").exists()


def test_a_large_organisation_s_review_pack_is_built_in_the_background_frozen(
    org, manager, client_for, settings, django_capture_on_commit_callbacks
):
    settings.QMS_REVIEW_PACK_BACKGROUND_SUPPLIERS = 1
    supplier = create_supplier(org)
    _deliver(org, manager.user, supplier, late=True)
    review = _review(org, manager)
    review_services.review_hold(organization=org, actor=manager.user, review=review)
    _deliver(org, manager.user, supplier, late=False)  # after the review: not in its pack
    client = client_for(manager)
    detail = client.get(_url("review_detail", org, pk=review.pk))
    assert b"review-pack-build" in detail.content
    assert client.get(_url("review_pdf", org, pk=review.pk)).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url("review_pack_create", org, pk=review.pk), {"build": "1"})
    with org_scope(org):
        job = PackJob.objects.get(kind=PackJob.Kind.REVIEW)
    assert response["Location"] == _url("pack_job", org, pk=job.pk)
    text = _pdf_text(_download(client, org, job))
    assert "OTIF (%): 0" in text and "Review Q1" in text


def test_a_small_organisation_downloads_the_review_pack_at_once(org, manager, client_for):
    review = _review(org, manager)
    client = client_for(manager)
    assert b"review-pack-build" not in client.get(_url("review_detail", org, pk=review.pk)).content
    response = client.get(_url("review_pdf", org, pk=review.pk))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
