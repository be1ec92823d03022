"""Issue 16 item 6: where the territory has no police–DPCP agreement, the coordinator records
"police called directly" on an intake (when, which force, the police's file number) instead of
closing it without a case. Reversible: going back turns those intakes into intakes closed without
a case, their reason saying the police were called directly (the wider status column is kept
until then, so no value is cut)."""

import django.db.models.deletion
from django.db import migrations, models


def police_direct_to_closed(apps, schema_editor):
    Intake = apps.get_model("interventions", "Intake")
    for intake in Intake.all_objects.filter(status="police_direct"):
        intake.status = "closed"
        intake.closed_reason = f"Police called directly (file {intake.police_file_number})."
        intake.save(update_fields=["status", "closed_reason"])


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0004_merge_confirmation_and_secrets"),
        ("interventions", "0010_referral_outcomes"),
    ]

    operations = [
        migrations.AlterField(
            model_name="intake",
            name="status",
            field=models.CharField(
                choices=[
                    ("new", "Awaiting triage"),
                    ("opened", "Case opened"),
                    ("closed", "Closed without a case"),
                    ("police_direct", "Police called directly"),
                ],
                default="new",
                max_length=16,
            ),
        ),
        migrations.AddField(
            model_name="intake",
            name="police_called_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="intake",
            name="police_file_number",
            field=models.CharField(blank=True, max_length=60),
        ),
        migrations.AddField(
            model_name="intake",
            name="police_force",
            field=models.ForeignKey(
                blank=True,
                limit_choices_to={"kind": "police_force"},
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="intakes_called_directly",
                to="directory.organisation",
            ),
        ),
        migrations.AddField(
            model_name="intake",
            name="police_force_other",
            field=models.CharField(blank=True, max_length=200),
        ),
        # Last, so that going back runs it first, while the fields are still there.
        migrations.RunPython(migrations.RunPython.noop, police_direct_to_closed),
    ]
