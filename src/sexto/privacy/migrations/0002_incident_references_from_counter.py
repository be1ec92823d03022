"""Privacy-incident references now draw from core's shared gap-free counter (issue 15), kind
``INC``: the counter starts where each organisation's register stands (its highest
``INC-YYYY-NNNN`` of each year), so the next reference follows on."""

from django.db import migrations


def counters_from_references(apps, schema_editor):
    Incident = apps.get_model("privacy", "PrivacyIncident")
    Counter = apps.get_model("core", "Counter")
    highest: dict[tuple, int] = {}
    for organisation_id, reference in Incident.objects.values_list("organisation_id", "reference"):
        prefix, _sep, rest = reference.partition("-")
        year, _sep, number = rest.partition("-")
        if prefix != "INC" or not (year.isdigit() and number.isdigit()):
            continue
        key = (organisation_id, int(year))
        highest[key] = max(highest.get(key, 0), int(number))
    for (organisation_id, year), last in highest.items():
        Counter.objects.update_or_create(
            scope=organisation_id, kind="INC", year=year, defaults={"last": last}
        )


def counters_forget(apps, schema_editor):
    apps.get_model("core", "Counter").objects.filter(kind="INC").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("privacy", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(counters_from_references, counters_forget),
    ]
