"""Backup and restore of a deployment: the database and the uploaded files together.

A backup is one tar file holding ``manifest.json``, the database (``database.pgdump``, a
``pg_dump`` custom-format archive, or ``database.sqlite3``, a copy made with SQLite's
backup API) and ``media/`` (every file under ``MEDIA_ROOT``). The manifest says when it was
made, from which kind of database, the rows of every table and each organisation's audit
chain head, all read in the same snapshot as the dump (on PostgreSQL, ``pg_dump`` runs in
the snapshot the counts were read in; on SQLite they are read from the copy).

The uploaded files are copied after the database: a file is stored before the row naming
it is committed, and files are never removed (a deleted certificate's file is archived), so
every file a row of the dump names is in the backup, perhaps with a few newer ones.

A restore goes into an empty database (the one the settings name) and an empty
``MEDIA_ROOT``, then proves itself: the same rows in every table as the manifest says, the
same chain heads, and every organisation's audit trail verifying.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from relmgmt.operator.models import ProcessTick

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA_DIR = "media"
TICK_NAME = "backup"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why."""


@dataclass(frozen=True)
class RestoreReport:
    tables: int
    rows: int
    organizations: int
    media_files: int


# --- the database, by kind ------------------------------------------------------------------


def _pg_env_and_args(settings_dict: dict) -> tuple[dict[str, str], list[str]]:
    env = dict(os.environ)
    args: list[str] = []
    if settings_dict.get("HOST"):
        args += ["-h", str(settings_dict["HOST"])]
    if settings_dict.get("PORT"):
        args += ["-p", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["-U", str(settings_dict["USER"])]
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    options = settings_dict.get("OPTIONS") or {}
    if options.get("sslmode"):
        env["PGSSLMODE"] = str(options["sslmode"])
    return env, args


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip() or result.stdout.strip()}")


def _table_names(cursor_connection) -> list[str]:
    """Every table the models of this code own, in the database at hand."""
    return sorted(cursor_connection.introspection.django_table_names(only_existing=True))


def _counts(cursor, tables: list[str], quote) -> dict[str, int]:
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT count(*) FROM {quote(table)}")  # noqa: S608 (our own table names)
        counts[table] = int(cursor.fetchone()[0])
    return counts


def _heads(cursor) -> dict[str, list]:
    cursor.execute("SELECT organization_id, last_seq, last_hash FROM audit_auditchain")
    return {str(org): [int(seq), str(head)] for org, seq, head in cursor.fetchall()}


def _dump_postgresql(into: Path) -> tuple[Path, dict[str, int], dict[str, list]]:
    """pg_dump in the snapshot the counts and heads were read in."""
    if connection.in_atomic_block:
        raise BackupError("A backup is taken outside any transaction.")
    path = into / "database.pgdump"
    env, args = _pg_env_and_args(connection.settings_dict)
    tables = _table_names(connection)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = _counts(cursor, tables, connection.ops.quote_name)
        heads = _heads(cursor)
        _run(
            [
                "pg_dump",
                *args,
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot}",
                f"--file={path}",
                str(connection.settings_dict["NAME"]),
            ],
            env,
        )
    return path, counts, heads


def _dump_sqlite(into: Path) -> tuple[Path, dict[str, int], dict[str, list]]:
    """SQLite's backup API: a consistent copy even while others write; counted from it."""
    path = into / "database.sqlite3"
    connection.ensure_connection()
    copy = sqlite3.connect(path)
    try:
        connection.connection.backup(copy)
        tables = _table_names(connection)
        cursor = copy.cursor()
        counts = _counts(cursor, tables, connection.ops.quote_name)
        heads = _heads(cursor)
    finally:
        copy.close()
    return path, counts, heads


# --- backup ---------------------------------------------------------------------------------


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as data:
        for block in iter(lambda: data.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _media_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(path for path in root.rglob("*") if path.is_file() and not path.is_symlink())


def _target_file(target: Path, now: datetime) -> Path:
    """A name ending in ``.tar`` is the file to write; anything else a directory."""
    if target.suffix != ".tar":
        target.mkdir(parents=True, exist_ok=True)
        return target / f"relmgmt-backup-{now:%Y%m%dT%H%M%SZ}.tar"
    if target.exists():
        raise BackupError(f"{target} exists; a backup never overwrites one.")
    target.parent.mkdir(parents=True, exist_ok=True)
    return target


def backup(target: Path) -> tuple[Path, dict]:
    """Write a backup to ``target`` (a directory, where it is named by the time, or a file
    name); return its path and manifest. Records the backup for ``manage.py status``."""
    now = timezone.now()
    path = _target_file(target, now)
    with tempfile.TemporaryDirectory(prefix="relmgmt-backup-") as work:
        dump = _dump_postgresql if connection.vendor == "postgresql" else _dump_sqlite
        database, counts, heads = dump(Path(work))
        media = _media_root()
        files = _media_files(media)
        manifest = {
            "format": FORMAT,
            "created_at": now.isoformat(),
            "database": {
                "vendor": connection.vendor,
                "file": database.name,
                "sha256": _sha256(database),
            },
            "tables": counts,
            "rows": sum(counts.values()),
            "audit_chain_heads": heads,
            "media": {
                "files": len(files),
                "bytes": sum(file.stat().st_size for file in files),
            },
        }
        manifest_path = Path(work) / MANIFEST
        manifest_path.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
        partial = path.with_name(path.name + ".partial")
        with tarfile.open(partial, "w") as archive:
            archive.add(manifest_path, arcname=MANIFEST)
            archive.add(database, arcname=database.name)
            for file in files:
                archive.add(file, arcname=f"{MEDIA_DIR}/{file.relative_to(media).as_posix()}")
        partial.rename(path)
    size_mb = path.stat().st_size / (1024 * 1024)
    ProcessTick.objects.update_or_create(
        name=TICK_NAME,
        defaults={
            "last_at": timezone.now(),
            "detail": f"{path} ({size_mb:.1f} MB, {manifest['rows']} rows, "
            f"{manifest['media']['files']} files)"[:300],
        },
    )
    return path, manifest


def last_backup() -> ProcessTick | None:
    return ProcessTick.objects.filter(name=TICK_NAME).first()


# --- restore --------------------------------------------------------------------------------


def read_manifest(archive_path: Path) -> dict:
    with tarfile.open(archive_path, "r") as archive:
        member = archive.extractfile(MANIFEST)
        if member is None:
            raise BackupError(f"{archive_path} holds no {MANIFEST}: not a backup.")
        manifest = json.loads(member.read())
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Backup format {manifest.get('format')} is not known to this code.")
    return manifest


def _ensure_empty_database() -> None:
    taken = [name for name in connection.introspection.table_names() if name != "sqlite_sequence"]
    if taken:
        raise BackupError(
            "The database to restore into is not empty "
            f"({len(taken)} tables): create a new one and point the settings at it."
        )


def _ensure_empty_media(root: Path) -> None:
    if root.exists() and any(root.iterdir()):
        raise BackupError(f"The uploaded files' folder {root} is not empty: give an empty one.")


def _restore_postgresql(database: Path) -> None:
    env, args = _pg_env_and_args(connection.settings_dict)
    connection.close()
    _run(
        [
            "pg_restore",
            *args,
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={connection.settings_dict['NAME']}",
            str(database),
        ],
        env,
    )


def _restore_sqlite(database: Path) -> None:
    name = Path(str(connection.settings_dict["NAME"]))
    connection.close()
    source = sqlite3.connect(database)
    target = sqlite3.connect(name)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()


def restore(archive_path: Path) -> RestoreReport:
    """Restore a backup into the (empty) database of the settings and the (empty)
    ``MEDIA_ROOT``, then check it against its manifest and verify the audit trail."""
    manifest = read_manifest(archive_path)
    vendor = manifest["database"]["vendor"]
    if vendor != connection.vendor:
        raise BackupError(f"The backup is of a {vendor} database; this is {connection.vendor}.")
    _ensure_empty_database()
    media = _media_root()
    _ensure_empty_media(media)
    with tempfile.TemporaryDirectory(prefix="relmgmt-restore-") as work:
        with tarfile.open(archive_path, "r") as archive:
            archive.extractall(work, filter="data")
        database = Path(work) / manifest["database"]["file"]
        if _sha256(database) != manifest["database"]["sha256"]:
            raise BackupError("The database in the backup does not match its manifest.")
        if vendor == "postgresql":
            _restore_postgresql(database)
        else:
            _restore_sqlite(database)
        extracted = Path(work) / MEDIA_DIR
        files = _media_files(extracted)
        for file in files:
            destination = media / file.relative_to(extracted)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(file, destination)
    return check_restored(manifest, media_files=len(files))


def check_restored(manifest: dict, *, media_files: int) -> RestoreReport:
    """The restored database against the manifest: rows per table, chain heads, and every
    organisation's audit trail verified (its heads published like any verification)."""
    from relmgmt.audit.verification import verify_all

    tables = sorted(manifest["tables"])
    with connection.cursor() as cursor:
        counts = _counts(cursor, tables, connection.ops.quote_name)
        heads = _heads(cursor)
    differ = [
        f"{table}: {counts[table]} rows, the backup says {manifest['tables'][table]}"
        for table in tables
        if counts[table] != manifest["tables"][table]
    ]
    if differ:
        raise BackupError("Restored rows differ from the backup: " + "; ".join(differ))
    if heads != manifest["audit_chain_heads"]:
        raise BackupError("Restored audit chain heads differ from the backup's manifest.")
    if media_files != manifest["media"]["files"]:
        raise BackupError(
            f"{media_files} uploaded files restored; the backup says {manifest['media']['files']}."
        )
    checked, faults = verify_all()
    if faults:
        found = "; ".join(map(str, faults))
        raise BackupError(f"The restored audit trail does not verify: {found}")
    return RestoreReport(
        tables=len(tables),
        rows=sum(counts.values()),
        organizations=checked,
        media_files=media_files,
    )
