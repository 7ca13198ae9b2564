"""Scorecard results and score changes get cheaper to write: fewer indexes, and room on each
PostgreSQL page of the results for a rewrite to stay on it.

Data safety: only indexes are dropped and made, and a storage parameter set; no row or
column changes. On PostgreSQL the fillfactor applies to pages written from now on (the
next recalculation rewrites the rows that move); on SQLite, whose ALTER cannot drop an
index of a column, Django copies each table into its new shape.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def _fillfactor(value):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        table = apps.get_model("suppliers", "ScorecardResult")._meta.db_table
        setting = f"SET (fillfactor = {value})" if value else "RESET (fillfactor)"
        schema_editor.execute(f"ALTER TABLE {schema_editor.quote_name(table)} {setting}")

    return apply


class Migration(migrations.Migration):
    dependencies = [
        ("suppliers", "0017_scorecard_bulk_keys"),
        ("tenancy", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="scorecardresult",
            name="scorecardresult_org_period_idx",
        ),
        migrations.RemoveIndex(
            model_name="scorechange",
            name="scorechange_org_run_idx",
        ),
        migrations.AlterField(
            model_name="scorecardresult",
            name="supplier",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="scorecard_results",
                to="suppliers.supplier",
            ),
        ),
        migrations.AlterField(
            model_name="scorechange",
            name="actor",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="scorechange",
            name="supplier",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="score_changes",
                to="suppliers.supplier",
            ),
        ),
        migrations.AddIndex(
            model_name="scorecardresult",
            index=models.Index(
                fields=["organization", "period_start"], name="scorecardresult_org_period_idx"
            ),
        ),
        migrations.RunPython(_fillfactor(50), _fillfactor(None)),
    ]
