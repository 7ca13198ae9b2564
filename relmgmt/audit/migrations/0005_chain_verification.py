"""Results of checking each organisation's audit hash chain (nightly, or asked for on the
audit log page).

Data safety: one new table; no existing row or column changes.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0004_redaction'),
        ('tenancy', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ChainVerification',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('trigger', models.CharField(choices=[('nightly', 'Nightly check'), ('on_demand', 'Asked for')], max_length=10)),
                ('status', models.CharField(choices=[('queued', 'Queued'), ('running', 'Running'), ('intact', 'Intact'), ('broken', 'Broken'), ('failed', 'Could not finish')], default='queued', max_length=10)),
                ('started_at', models.DateTimeField(blank=True, null=True)),
                ('finished_at', models.DateTimeField(blank=True, null=True)),
                ('events_checked', models.BigIntegerField(default=0)),
                ('head_seq', models.BigIntegerField(blank=True, null=True)),
                ('head_hash', models.CharField(blank=True, max_length=64)),
                ('broken_at_seq', models.BigIntegerField(blank=True, help_text='The first event found altered or missing.', null=True)),
                ('problem', models.CharField(blank=True, max_length=300)),
                ('organization', models.ForeignKey(editable=False, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='tenancy.organization')),
                ('requested_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-created_at', '-id'],
                'abstract': False,
                'indexes': [models.Index(fields=['organization', '-created_at'], name='audit_verif_org_created_idx')],
                'constraints': [models.UniqueConstraint(fields=('organization', 'id'), name='audit_chainverification_org_id_uniq')],
            },
        ),
    ]
