"""An interaction may be a note (what was noticed, not said). Choices only: no change to
the table."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('parties', '0003_followup_verbose_name'),
    ]

    operations = [
        migrations.AlterField(
            model_name='interaction',
            name='kind',
            field=models.CharField(choices=[('meeting', 'Meeting'), ('call', 'Call'), ('email', 'Email'), ('visit', 'Visit'), ('business_review', 'Business review'), ('note', 'Note')], default='meeting', max_length=20),
        ),
    ]
