"""Refuse UPDATE and DELETE on destruction records in the database itself, as for audit events:
the proof that retention destroyed a record must not be rewritten or erased afterwards."""

from django.db import migrations

from sexto.audit.triggers import (
    DESTRUCTION_RECORDS,
    postgres_down,
    postgres_up,
    run_by_vendor,
    sqlite_down,
    sqlite_up,
)

POSTGRES_UP = postgres_up(DESTRUCTION_RECORDS)
POSTGRES_DOWN = postgres_down(DESTRUCTION_RECORDS)
# Also used by the tests' SQLite flush fixture, which lifts and restores them around its DELETE.
SQLITE_UP = sqlite_up(DESTRUCTION_RECORDS)
SQLITE_DOWN = sqlite_down(DESTRUCTION_RECORDS)


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_retention_legal_holds")]

    operations = [
        migrations.RunPython(
            run_by_vendor({"postgresql": [POSTGRES_UP], "sqlite": SQLITE_UP}),
            run_by_vendor({"postgresql": [POSTGRES_DOWN], "sqlite": SQLITE_DOWN}),
        ),
    ]
