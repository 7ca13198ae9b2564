"""Backup and restore of the database and the uploaded files together (``manage.py backup``,
``manage.py restore``): restored into a new database and an empty folder, the same rows,
the same files and a verifying audit trail, on SQLite and on PostgreSQL (whichever the
suite runs on)."""

import json
import os
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings as django_settings
from django.core.management import CommandError, call_command
from django.db import connection

from parties.models import Party
from relmgmt.audit.models import AuditEvent
from relmgmt.core.scoping import org_scope, scopes_disabled
from relmgmt.operator.status import system_status

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    evidence = Path(settings.MEDIA_ROOT) / "certificates" / "2026" / "iso9001.pdf"
    evidence.parent.mkdir(parents=True)
    evidence.write_bytes(b"%PDF-1.4 the certificate\n")
    return evidence


@pytest.fixture
def data(org, other_org, manager, media):
    for organization in (org, other_org):
        with org_scope(organization):
            for name in ("Customers", "Regulator", "Neighbours"):
                Party.objects.create(organization=organization, name=name, description=name)
    return org


def _server_url(name: str) -> str:
    params = connection.settings_dict
    auth = params["USER"] + (f":{params['PASSWORD']}" if params.get("PASSWORD") else "")
    return f"postgres://{auth}@{params['HOST'] or '127.0.0.1'}:{params['PORT'] or 5432}/{name}"


@pytest.fixture
def new_database(tmp_path):
    """A new, empty database of the suite's kind, as an operator would create one."""
    if connection.vendor != "postgresql":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}", None
        return
    name = f"{connection.settings_dict['NAME']}_restored"
    server = _server_url("postgres")
    _server_sql(
        server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"'
    )
    try:
        yield _server_url(name), name
    finally:
        _server_sql(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _server_sql(url: str, *statements: str):
    server = psycopg2.connect(url)
    server.autocommit = True
    try:
        with server.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
            return cursor.fetchone() if cursor.description else None
    finally:
        server.close()


def _restore(archive: Path, database_url: str, tmp_path: Path) -> subprocess.CompletedProcess:
    """``manage.py restore`` as the operator runs it: the settings name the new database."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "MEDIA_ROOT"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="relmgmt.settings.base",
        DATABASE_URL=database_url,
        MEDIA_ROOT=str(tmp_path / "restored-media"),
        RELMGMT_VAR_DIR=str(tmp_path / "var"),
        RELMGMT_AUDIT_HEADS_FILE=django_settings.RELMGMT_AUDIT_HEADS_FILE,
        SECRET_KEY=django_settings.SECRET_KEY,
        RELMGMT_AUDIT_KEY=django_settings.RELMGMT_AUDIT_KEY,
        RELMGMT_AUDIT_KEY_VERSION=str(django_settings.RELMGMT_AUDIT_KEY_VERSION),
    )
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "restore", str(archive)],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def _count(database_url: str, table: str) -> int:
    if database_url.startswith("sqlite:///"):
        with sqlite3.connect(database_url.removeprefix("sqlite:///")) as restored:
            return restored.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
    return _server_sql(database_url, f"SELECT count(*) FROM {table}")[0]  # noqa: S608


def test_a_backup_restores_into_a_new_database_with_the_same_rows_files_and_trail(
    data, media, new_database, tmp_path
):
    database_url, _name = new_database
    call_command("backup", str(tmp_path / "backups"))
    (archive,) = (tmp_path / "backups").glob("relmgmt-backup-*.tar")
    with tarfile.open(archive) as backup:
        names = backup.getnames()
        manifest = json.loads(backup.extractfile("manifest.json").read())
    assert "media/certificates/2026/iso9001.pdf" in names
    with scopes_disabled():
        events = AuditEvent.objects.count()
        parties = Party.objects.count()
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["tables"]["audit_auditevent"] == events
    assert manifest["tables"]["parties_party"] == parties == 6
    assert set(manifest["audit_chain_heads"]) >= {str(data.pk)}
    assert manifest["media"] == {"files": 1, "bytes": media.stat().st_size}

    result = _restore(archive, database_url, tmp_path)

    assert result.returncode == 0, result.stderr
    assert "audit trail intact" in result.stdout
    assert _count(database_url, "audit_auditevent") == events
    assert _count(database_url, "parties_party") == parties
    restored = tmp_path / "restored-media" / "certificates" / "2026" / "iso9001.pdf"
    assert restored.read_bytes() == media.read_bytes()


def test_the_status_shows_the_last_backup(data, tmp_path):
    before = {check.name: check for check in system_status()}
    assert before["last backup"].ok is None
    call_command("backup", str(tmp_path / "one.tar"))
    after = {check.name: check for check in system_status()}
    assert after["last backup"].ok is True
    assert "one.tar" in after["last backup"].detail


def test_a_restore_refuses_a_database_that_is_not_empty(data, tmp_path):
    call_command("backup", str(tmp_path / "one.tar"))
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(tmp_path / "one.tar"))


def test_a_backup_never_overwrites_a_file(data, tmp_path):
    (tmp_path / "one.tar").write_bytes(b"keep")
    with pytest.raises(CommandError, match="never overwrites"):
        call_command("backup", str(tmp_path / "one.tar"))
    assert (tmp_path / "one.tar").read_bytes() == b"keep"
