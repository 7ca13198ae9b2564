"""The database itself refuses to change audit events; see relmgmt.audit.db_guard (this
migration installs its first version, frozen in _guard_v1)."""

from django.db import migrations

from relmgmt.audit.migrations import _guard_v1 as db_guard


def install(apps, schema_editor):
    db_guard.run(schema_editor.connection, "install")


def remove(apps, schema_editor):
    db_guard.run(schema_editor.connection, "remove")


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_initial")]

    operations = [migrations.RunPython(install, remove)]
