"""A re-evaluation is named "re-evaluation" (not "re evaluation") in the audit trail and
elsewhere.

Data safety: model options only; Django runs no SQL for it.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('suppliers', '0018_scorecard_rows_cheaper_writes'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='reevaluation',
            options={'ordering': ['-evaluated_on', '-id'], 'verbose_name': 're-evaluation', 'verbose_name_plural': 're-evaluations'},
        ),
    ]
