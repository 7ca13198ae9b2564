"""Confirmed imports are written by the worker: the job's page follows it, the records are
the confirming person's, and a refusal found while writing leaves nothing half-imported."""

import pytest
from django.core.files.storage import default_storage

from parties.models import Party
from parties.services import imports as party_imports
from parties.services import register
from relmgmt.audit.models import AuditEvent
from relmgmt.core import import_files, import_jobs
from relmgmt.core.models import ImportJob
from relmgmt.core.scoping import org_scope
from relmgmt.policy import Role

pytestmark = pytest.mark.django_db

CONTENT = b"name,types\nVolta Motors,customer\nFabrikam Steel,supplier\n"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def queue(org, member, django_capture_on_commit_callbacks, *, run=True, **options):
    token = import_files.store(org, CONTENT, extension="csv")
    with django_capture_on_commit_callbacks(execute=run):
        job = import_jobs.import_job_request(
            organization=org,
            actor=member.user,
            kind=party_imports.PARTIES,
            token=token,
            file_name="parties.csv",
            valid_only=options.get("valid_only", False),
            expected_rows=options.get("expected_rows"),
            done_url=f"/o/{org.slug}/parties/",
        )
    job.refresh_from_db()
    return job


def names(org):
    with org_scope(org):
        return sorted(Party.objects.values_list("name", flat=True))


def test_the_records_are_the_confirming_persons_and_the_file_is_removed(
    org, manager, django_capture_on_commit_callbacks
):
    job = queue(org, manager, django_capture_on_commit_callbacks)
    assert (job.status, job.imported, job.message) == ("done", 2, "")
    assert job.started_at <= job.finished_at
    assert names(org) == ["Fabrikam Steel", "Volta Motors"]
    with org_scope(org):
        events = AuditEvent.objects.filter(model_label="parties.party", action="create")
        assert {(event.actor_id, event.source) for event in events} == {(manager.user.pk, "web")}
    assert not default_storage.exists(f"{org.pk}/imports/{job.token}")


def test_a_register_changed_while_the_job_waited_imports_nothing(
    org, manager, django_capture_on_commit_callbacks
):
    job = queue(org, manager, django_capture_on_commit_callbacks, run=False)
    register.party_create(
        organization=org, actor=manager.user, data={"name": "Volta Motors", "types": ["customer"]}
    )
    job = import_jobs.import_job_run(organization=org, job_id=job.pk)
    assert job.status == "failed" and job.imported is None
    assert "nothing is imported" in job.message.lower()
    assert names(org) == ["Volta Motors"]
    # A message delivered twice runs nothing twice.
    assert import_jobs.import_job_run(organization=org, job_id=job.pk).finished_at == (
        job.finished_at
    )


def test_a_file_no_longer_kept_is_named_and_nothing_is_imported(
    org, manager, django_capture_on_commit_callbacks
):
    job = queue(org, manager, django_capture_on_commit_callbacks, run=False)
    import_files.remove(org, job.token)
    job = import_jobs.import_job_run(organization=org, job_id=job.pk)
    assert job.status == "failed" and "upload it again" in job.message
    assert names(org) == []


def test_the_job_page_polls_until_the_job_ends(
    org, manager, client_for, django_capture_on_commit_callbacks
):
    job = queue(org, manager, django_capture_on_commit_callbacks, run=False)
    client = client_for(manager)
    url = f"/o/{org.slug}/imports/jobs/{job.pk}/"
    waiting = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 1s"' in waiting and "Waiting for the worker" in waiting
    import_jobs.import_job_run(organization=org, job_id=job.pk)
    page = client.get(url).content.decode()
    assert "hx-trigger" not in page.split('id="import-job"')[1].split(">")[0]
    assert "2 parties imported" in page and f'href="/o/{org.slug}/parties/"' in page


def test_a_job_of_another_organisation_is_not_found(
    org, other_org, manager, make_member, client_for, django_capture_on_commit_callbacks
):
    job = queue(org, manager, django_capture_on_commit_callbacks)
    stranger = make_member(other_org, Role.MANAGER)
    response = client_for(stranger).get(f"/o/{other_org.slug}/imports/jobs/{job.pk}/")
    assert response.status_code == 404
    with org_scope(org):
        assert ImportJob.objects.get(pk=job.pk).status == "done"
