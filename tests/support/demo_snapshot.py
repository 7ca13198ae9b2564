"""The whole demo for browser journeys, seeded once per test process.

Journeys run on committed data (the live server reads it from another thread), and the
database is emptied after each. Seeding the demo takes half a minute on PostgreSQL; the
first journey seeds it and copies every table of the project into a snapshot kept apart
(a schema of its own on PostgreSQL, an attached file on SQLite, so that neither the emptying
nor the tests that read the schema meet it), and each later journey gets the copy back, in
a second. The uploaded files are copied the same way.

The copy goes back table by table with the foreign keys and triggers set aside for that
one transaction (the rows are the ones they already accepted), then every sequence is
moved past the restored ids.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import connection, transaction

from relmgmt.demo.seed import seed_demo

SNAPSHOT = "relmgmt_demo_snapshot"
_taken: dict[str, object] = {}


def demo_seeded() -> None:
    """Seed the whole demo, or put back the copy taken the first time."""
    if _taken.get("database") == connection.settings_dict["NAME"]:
        _restore()
    else:
        seed_demo()
        _take()


def _tables() -> list[str]:
    return sorted(connection.introspection.django_table_names(only_existing=True))


def _copy_of(table: str) -> str:
    return f"{SNAPSHOT}.{connection.ops.quote_name(table)}"


def _open_snapshot(cursor, *, new: bool) -> None:
    if connection.vendor == "postgresql":
        if new:
            cursor.execute(f"DROP SCHEMA IF EXISTS {SNAPSHOT} CASCADE")
            cursor.execute(f"CREATE SCHEMA {SNAPSHOT}")
        return
    cursor.execute("PRAGMA database_list")
    if SNAPSHOT in {row[1] for row in cursor.fetchall()}:
        if not new:
            return
        cursor.execute(f"DETACH DATABASE {SNAPSHOT}")
    if new:
        _taken["file"] = Path(tempfile.mkdtemp(prefix="relmgmt-demo-")) / "snapshot.sqlite3"
    cursor.execute(f"ATTACH DATABASE %s AS {SNAPSHOT}", [str(_taken["file"])])


def _take() -> None:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        _open_snapshot(cursor, new=True)  # outside a transaction: SQLite attaches only so
    with transaction.atomic(), connection.cursor() as cursor:
        for table in _tables():
            cursor.execute(f"CREATE TABLE {_copy_of(table)} AS SELECT * FROM {quote(table)}")  # noqa: S608
    media = Path(tempfile.mkdtemp(prefix="relmgmt-demo-media-"))
    if Path(settings.MEDIA_ROOT).exists():
        shutil.copytree(settings.MEDIA_ROOT, media, dirs_exist_ok=True)
    _taken.update(database=connection.settings_dict["NAME"], media=media)


def _restore() -> None:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        _open_snapshot(cursor, new=False)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Foreign keys and the audit trail's guards are triggers: not for this copy.
            cursor.execute("SET LOCAL session_replication_role = replica")
        else:
            cursor.execute("PRAGMA defer_foreign_keys = ON")
        for table in _tables():
            cursor.execute(f"DELETE FROM {quote(table)}")  # noqa: S608 (catalogue names)
            cursor.execute(f"INSERT INTO {quote(table)} SELECT * FROM {_copy_of(table)}")  # noqa: S608
        for statement in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
            cursor.execute(statement)
    ContentType.objects.clear_cache()
    shutil.copytree(_taken["media"], settings.MEDIA_ROOT, dirs_exist_ok=True)
