"""Every outcome the police and the DPCP can reach (issue 16, item 4): the referral's outcome
widens beyond impulsive and malicious, and "other" keeps its text. The stored values
("impulsive", "malicious") are kept as they are; reversible (the wider column narrows back while
no new outcome is stored)."""

import sexto.core.fields
import sexto.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("interventions", "0009_closure"),
    ]

    operations = [
        migrations.AddField(
            model_name='referral',
            name='determination_other',
            field=sexto.core.fields.EncryptedTextField(blank=True, validators=[sexto.core.validators.no_embedded_images]),
        ),
        migrations.AddField(
            model_name='referral',
            name='outcome_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name='case',
            name='determination',
            field=models.CharField(blank=True, max_length=16),
        ),
        migrations.AlterField(
            model_name='referral',
            name='determination',
            field=models.CharField(blank=True, choices=[('', 'Awaiting the police and DPCP outcome'), ('impulsive', 'Impulsive: educational track (SEXTO awareness meetings)'), ('malicious', 'Malicious: criminal investigation'), ('no_offence', 'No offence or no further action'), ('extrajudicial', 'Extrajudicial measures or sanctions (Youth Criminal Justice Act)'), ('charges', 'Charges laid'), ('other', 'Other outcome')], default='', max_length=16),
        ),
    ]
