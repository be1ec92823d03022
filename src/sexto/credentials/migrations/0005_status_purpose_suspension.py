from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("credentials", "0004_award_level_snapshot"),
    ]

    operations = [
        migrations.AddField(
            model_name="statuslist",
            name="valid_until",
            field=models.DateTimeField(blank=True, null=True, verbose_name="valid until"),
        ),
    ]
