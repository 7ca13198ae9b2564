"""Customers found lost by the revenue gap, once per gap (the daily job's record of the
follow-up it gave). A new table; nothing existing changes."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('customers', '0001_revenue_and_losses'),
        ('parties', '0004_interaction_kind_note'),
        ('tenancy', '0004_invitation_access_ends_on_auditor_access'),
    ]

    operations = [
        migrations.CreateModel(
            name='Lapse',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('last_month_index', models.PositiveIntegerField(help_text='The last month with revenue.')),
                ('noticed_on', models.DateField()),
                ('follow_up', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='parties.followup')),
                ('organization', models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='tenancy.organization')),
                ('party', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='parties.party')),
            ],
            options={
                'verbose_name': 'lapsed customer',
                'ordering': ['-noticed_on', '-id'],
                'abstract': False,
                'constraints': [models.UniqueConstraint(fields=('organization', 'id'), name='customers_lapse_org_id_uniq'), models.UniqueConstraint(fields=('organization', 'party', 'last_month_index'), name='lapse_once_per_gap')],
            },
        ),
    ]
