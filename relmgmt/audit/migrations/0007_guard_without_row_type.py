"""The append-only guard without the table's row type (see relmgmt.audit.db_guard): the
trigger hands its own table and the rows as jsonb to the redaction check, so the guard
holds on a distributed table's shards as on the table. Same rules as before."""

from django.db import migrations

from relmgmt.audit import db_guard
from relmgmt.audit.migrations import _guard_v1


def forwards(apps, schema_editor):
    db_guard.run(schema_editor.connection, "remove")
    db_guard.run(schema_editor.connection, "install")


def backwards(apps, schema_editor):
    db_guard.run(schema_editor.connection, "remove")
    _guard_v1.run(schema_editor.connection, "install")


class Migration(migrations.Migration):
    dependencies = [("audit", "0006_event_happened_on")]

    operations = [migrations.RunPython(forwards, backwards)]
