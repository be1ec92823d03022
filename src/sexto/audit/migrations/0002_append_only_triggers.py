"""Refuse UPDATE and DELETE on audit events in the database itself (PostgreSQL and SQLite)."""

from django.db import migrations

from sexto.audit.triggers import (
    AUDIT_EVENTS,
    postgres_down,
    postgres_up,
    run_by_vendor,
    sqlite_down,
    sqlite_up,
)

POSTGRES_UP = postgres_up(AUDIT_EVENTS)
POSTGRES_DOWN = postgres_down(AUDIT_EVENTS)
SQLITE_UP = sqlite_up(AUDIT_EVENTS)
SQLITE_DOWN = sqlite_down(AUDIT_EVENTS)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [
        # SQLite has no session settings: the prune command inserts a permit row in its own
        # transaction, deletes, and removes the permit, so nothing else can delete.
        migrations.RunPython(
            run_by_vendor({"sqlite": ["CREATE TABLE IF NOT EXISTS audit_prune_permit (id INTEGER)"]}),
            run_by_vendor({"sqlite": ["DROP TABLE IF EXISTS audit_prune_permit"]}),
        ),
        migrations.RunPython(
            run_by_vendor({"postgresql": [POSTGRES_UP], "sqlite": SQLITE_UP}),
            run_by_vendor({"postgresql": [POSTGRES_DOWN], "sqlite": SQLITE_DOWN}),
        ),
    ]
