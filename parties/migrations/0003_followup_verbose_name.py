"""A follow-up is named "follow-up" (not "follow up") in the audit trail and elsewhere.

Data safety: model options only; Django runs no SQL for it.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('parties', '0002_list_sort_and_type_indexes'),
    ]

    operations = [
        migrations.AlterModelOptions(
            name='followup',
            options={'ordering': ['due_on', 'id'], 'verbose_name': 'follow-up', 'verbose_name_plural': 'follow-ups'},
        ),
    ]
