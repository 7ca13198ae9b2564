"""Packs through the API: an auditor asks for the evidence pack of a period, follows its
status and downloads the ZIP (both logged); a period the pages refuse is refused the same
way; a pack not built yet, failed or past its retention answers 409; another
organisation's pack is not found; a supplier's portal login gets nothing."""

import io
import zipfile
from datetime import timedelta

from django.utils import timezone

from qms.models import PackAccess, PackJob
from qms.services import packs as services
from relmgmt.core.scoping import org_scope
from relmgmt.policy import Role


def _base(org):
    return f"/api/v1/o/{org.slug}/packs/"


def _ask(api, org, capture, start="2026-01-01", end="2026-03-31"):
    with capture(execute=True):
        response = api.post(_base(org), {"start": start, "end": end}, format="json")
    assert response.status_code == 202, response.json()
    return response.json()


def test_an_auditor_asks_follows_and_downloads_and_both_are_logged(
    org, auditor, api_client_for, django_capture_on_commit_callbacks
):
    api = api_client_for(auditor)
    job = _ask(api, org, django_capture_on_commit_callbacks)
    assert job["kind"] == "evidence" and job["period_start"] == "2026-01-01"
    status = api.get(f"{_base(org)}{job['id']}/").json()
    assert status["status"] == "done" and status["percent"] == 100
    assert status["file_name"] == "evidence-20260101-20260331.zip"
    download = api.get(f"{_base(org)}{job['id']}/download/")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/zip"
    assert download["Cache-Control"] == "private, no-store"
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    assert archive.testzip() is None
    assert [row["id"] for row in api.get(_base(org)).json()["results"]] == [job["id"]]
    with org_scope(org):
        accesses = PackAccess.objects.filter(job_id=job["id"]).values_list("action", "user_id")
        assert sorted(accesses) == [("build", auditor.user.pk), ("download", auditor.user.pk)]


def test_a_period_the_pages_refuse_is_refused_naming_the_field(org, manager, api_client_for):
    api = api_client_for(manager)
    backwards = api.post(_base(org), {"start": "2026-03-01", "end": "2026-02-01"}, format="json")
    assert backwards.status_code == 400
    assert "ends before it starts" in backwards.json()["error"]["fields"]["end"][0]
    too_long = api.post(_base(org), {"start": "2020-01-01", "end": "2026-01-01"}, format="json")
    assert "three years" in too_long.json()["error"]["fields"]["end"][0]
    missing = api.post(_base(org), {"start": "2026-01-01"}, format="json")
    assert set(missing.json()["error"]["fields"]) == {"end"}
    garbled = api.post(_base(org), {"start": "soon", "end": "2026-01-01"}, format="json")
    assert set(garbled.json()["error"]["fields"]) == {"start"}
    with org_scope(org):
        assert not PackJob.objects.exists()


def test_a_pack_not_ready_failed_or_expired_answers_409_and_logs_no_download(
    org, manager, api_client_for, django_capture_on_commit_callbacks
):
    api = api_client_for(manager)
    queued = api.post(_base(org), {"start": "2026-01-01", "end": "2026-01-31"}, format="json")
    # Not committed in this test, so no worker ran it: still queued.
    answer = api.get(f"{_base(org)}{queued.json()['id']}/download/")
    assert answer.status_code == 409
    assert answer.json()["error"]["code"] == "not_ready"
    with org_scope(org):  # as the worker leaves a build that raised
        PackJob.objects.filter(pk=queued.json()["id"]).update(status=PackJob.Status.FAILED)
    failed = api.get(f"{_base(org)}{queued.json()['id']}/download/")
    assert "could not be built" in failed.json()["error"]["message"]
    built = _ask(api, org, django_capture_on_commit_callbacks)
    later = timezone.now() + PackJob.RETENTION + timedelta(minutes=1)
    assert services.packs_expire(organization=org, now=later) == 1
    expired = api.get(f"{_base(org)}{built['id']}/download/")
    assert expired.status_code == 409 and "no longer kept" in expired.json()["error"]["message"]
    with org_scope(org):
        assert not PackAccess.objects.filter(action="download").exists()


def test_another_organisation_s_pack_is_not_found_and_the_portal_gets_nothing(
    org, manager, outsider, make_member, api_client_for, django_capture_on_commit_callbacks
):
    job = _ask(api_client_for(manager), org, django_capture_on_commit_callbacks)
    foreign = api_client_for(outsider)
    for path in ("", "download/"):
        assert foreign.get(f"{_base(org)}{job['id']}/{path}").status_code == 404
    portal = api_client_for(make_member(org, Role.SUPPLIER))
    assert portal.get(_base(org)).status_code in (403, 404)
    refused = portal.post(_base(org), {"start": "2026-01-01", "end": "2026-01-31"}, format="json")
    assert refused.status_code in (403, 404)
