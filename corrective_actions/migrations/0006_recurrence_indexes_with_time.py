# The recurrence look-ups' indexes end with the time opened, so a look-up seeks the twelve
# months before rather than walking the category's rows. The new indexes are made before the
# old ones go, so the look-ups never run without one. No data changes.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("corrective_actions", "0005_scar_effectiveness_check"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="correctiveaction",
            index=models.Index(
                fields=["organization", "category", "party", "opened_at"],
                name="ca_org_cat_party_opened_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="correctiveaction",
            index=models.Index(
                fields=["organization", "category", "supplier", "opened_at"],
                name="ca_org_cat_supp_opened_idx",
            ),
        ),
        migrations.RemoveIndex(model_name="correctiveaction", name="ca_org_cat_party_idx"),
        migrations.RemoveIndex(model_name="correctiveaction", name="ca_org_cat_supplier_idx"),
    ]
