"""Every tenant table keyed by organisation on PostgreSQL: PRIMARY KEY (id, organization_id)
and composite foreign keys between tenant tables (relmgmt.core.db.tenant_keys.convert).

Databases created with the relmgmt.core.db.postgresql backend already have these keys and
this is a no-op there; a database created before it is re-keyed in place, data kept:
single-column keys dropped, primary keys swapped, composite keys added NOT VALID and then
validated (a row pointing at another organisation's record fails the validation and the
migration rolls back, old keys in place). Django's model state does not change. Nothing to do on SQLite. Backwards, the
keys stay (the old single-column keys are not needed by any earlier migration).
"""

from django.db import migrations

from relmgmt.core.db import tenant_keys


def rekey(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        tenant_keys.convert(cursor)


class Migration(migrations.Migration):
    dependencies = [("tenancy", "0001_initial")]

    operations = [migrations.RunPython(rekey, migrations.RunPython.noop)]
