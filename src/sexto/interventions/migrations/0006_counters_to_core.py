"""Case numbers and intake references now draw from core's shared counter (issue 15): the
counters given so far move there unchanged (same holder, kind, year and last number), then the
interventions table goes. Reversible: the rows move back."""

from django.db import migrations


def counters_to_core(apps, schema_editor):
    Old = apps.get_model("interventions", "Counter")
    New = apps.get_model("core", "Counter")
    New.objects.bulk_create(
        [
            New(scope=old.holder_id, kind=old.kind, year=old.year, last=old.last)
            for old in Old.objects.all()
        ]
    )


def counters_back(apps, schema_editor):
    Old = apps.get_model("interventions", "Counter")
    New = apps.get_model("core", "Counter")
    Old.objects.bulk_create(
        [
            Old(holder_id=new.scope, kind=new.kind, year=new.year, last=new.last)
            for new in New.objects.exclude(kind="INC")
        ]
    )
    New.objects.exclude(kind="INC").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("interventions", "0005_case_numbers_per_holder"),
    ]

    operations = [
        migrations.RunPython(counters_to_core, counters_back),
        migrations.DeleteModel(name="Counter"),
    ]
