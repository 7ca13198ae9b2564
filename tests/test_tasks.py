"""Celery work runs inside one organisation, and the embedded worker really runs tasks."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from celery import shared_task
from django_scopes import ScopeError

from relmgmt.audit.models import AuditEvent
from relmgmt.core.scoping import org_scope
from relmgmt.core.tasks import tenant_task
from suppliers.models import Supplier

ROOT = Path(__file__).resolve().parent.parent


@tenant_task()
def mark_suppliers(organization_id, suffix):
    for supplier in Supplier.objects.all():
        supplier.code += suffix
        supplier.save()
    return Supplier.objects.count()


@shared_task
def count_suppliers_without_an_organisation():
    return Supplier.objects.count()


def test_a_tenant_task_touches_only_its_organisation(org, other_org, make_supplier):
    mine = make_supplier(org, code="OURS")
    make_supplier(other_org, code="THEIRS")
    assert mark_suppliers.delay(org.pk, "-CHECKED").get() == 1
    with org_scope(org):
        assert Supplier.objects.get(pk=mine.pk).code == "OURS-CHECKED"
        event = AuditEvent.objects.get(action="update")
    assert event.source == "task" and event.actor_label == "scheduled task"
    with org_scope(other_org):
        assert Supplier.objects.get().code == "THEIRS"


def test_task_code_that_names_no_organisation_cannot_read_tenant_rows(db):
    with pytest.raises(ScopeError):
        count_suppliers_without_an_organisation.delay().get()


def test_the_embedded_worker_runs_tasks_from_the_filesystem_broker(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "relmgmt.settings.base",
        "RELMGMT_VAR_DIR": str(tmp_path),
        "DATABASE_URL": "",
        "REDIS_URL": "",
    }
    for folder in ("broker/queue", "broker/processed", "broker/control"):
        (tmp_path / folder).mkdir(parents=True)

    def manage(*args):
        return subprocess.run(  # noqa: S603
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        ).stdout

    manage("migrate", "--noinput", "-v0")
    expired_sessions = (
        "from django.contrib.sessions.models import Session;"
        "from django.utils import timezone;"
        "from datetime import timedelta;"
        "[Session.objects.create(session_key=f'old{n}', session_data='x',"
        " expire_date=timezone.now() - timedelta(days=1)) for n in range(3)];"
        "from relmgmt.core.tasks import clear_expired_sessions;"
        "clear_expired_sessions.delay()"
    )
    manage("shell", "-c", expired_sessions)
    worker = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "relmgmt",
            "worker",
            "--pool",
            "solo",
            "--loglevel",
            "WARNING",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        count = "from django.contrib.sessions.models import Session; print(Session.objects.count())"
        deadline = time.monotonic() + 60
        while manage("shell", "-c", count).strip().splitlines()[-1] != "0":
            assert time.monotonic() < deadline, "the worker did not run the task in 60 s"
            time.sleep(1)
    finally:
        worker.terminate()
        worker.wait(timeout=30)


def test_beat_runs_every_dispatcher_the_apps_registered_and_each_is_a_known_task():
    from relmgmt.celery import add_domain_schedules, app

    add_domain_schedules()
    schedule = app.conf.beat_schedule
    assert schedule["recalculate-scorecards"]["task"] == (
        "suppliers.tasks_scorecards.dispatch_scorecard_recalculation"
    )
    app.loader.import_default_modules()
    assert {entry["task"] for entry in schedule.values()} <= set(app.tasks)
