"""PostgreSQL refuses TRUNCATE of the audit events and chains (see relmgmt.audit.db_guard)."""

from django.db import migrations

from relmgmt.audit import db_guard


def forwards(apps, schema_editor):
    db_guard.run(schema_editor.connection, "refuse_truncate")


def backwards(apps, schema_editor):
    db_guard.run(schema_editor.connection, "allow_truncate")


class Migration(migrations.Migration):
    dependencies = [("audit", "0007_guard_without_row_type")]

    operations = [migrations.RunPython(forwards, backwards)]
