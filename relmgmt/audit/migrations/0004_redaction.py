"""Redaction of personal data: the ``redact`` action, and the database guard that lets
exactly that update through (see relmgmt.audit.db_guard and relmgmt.audit.redaction)."""

from django.db import migrations, models

from relmgmt.audit.migrations import _guard_v1 as db_guard


def reinstall(apps, schema_editor):
    db_guard.run(schema_editor.connection, "remove")
    db_guard.run(schema_editor.connection, "install")


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_append_only_triggers")]

    operations = [
        migrations.AlterField(
            model_name="auditevent",
            name="action",
            field=models.CharField(
                choices=[
                    ("create", "Created"),
                    ("update", "Changed"),
                    ("delete", "Deleted"),
                    ("sign", "Signed"),
                    ("redact", "Personal data redacted"),
                ],
                max_length=8,
            ),
        ),
        migrations.RunPython(reinstall, reinstall),
    ]
