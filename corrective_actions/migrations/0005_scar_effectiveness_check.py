"""A supplier's 8D after D8: its effectiveness check (due date, result, who and when) and
the signed closure; the states awaiting the check, effective and not effective. Existing
8Ds keep their state (a closed one stays closed, unsigned)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0010_keyed_hashes'),
        ('corrective_actions', '0004_supplier_8d_from_requests'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='suppliercorrectiveaction',
            name='closed_by',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='suppliercorrectiveaction',
            name='closure_signature',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='audit.signature'),
        ),
        migrations.AddField(
            model_name='suppliercorrectiveaction',
            name='effectiveness_checked_at',
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='suppliercorrectiveaction',
            name='effectiveness_checked_by',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='suppliercorrectiveaction',
            name='effectiveness_due_on',
            field=models.DateField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='suppliercorrectiveaction',
            name='effectiveness_result',
            field=models.TextField(blank=True, editable=False, max_length=20000),
        ),
        migrations.AlterField(
            model_name='suppliercorrectiveaction',
            name='state',
            field=models.CharField(choices=[('open', 'Open'), ('effectiveness_check', 'Awaiting effectiveness check'), ('effective', 'Effective, awaiting closure'), ('closed', 'Closed'), ('not_effective', 'Not effective'), ('cancelled', 'Cancelled')], default='open', editable=False, max_length=20),
        ),
    ]
