"""Refuse UPDATE and DELETE on destruction records in the database itself, as for audit events:
the proof that retention destroyed a record must not be rewritten or erased afterwards."""

from django.db import migrations

POSTGRES_UP = """
CREATE OR REPLACE FUNCTION destruction_record_refuse_change() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'destruction records are append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER destruction_record_append_only
    BEFORE UPDATE OR DELETE ON audit_destructionrecord
    FOR EACH ROW EXECUTE FUNCTION destruction_record_refuse_change();
"""
POSTGRES_DOWN = """
DROP TRIGGER IF EXISTS destruction_record_append_only ON audit_destructionrecord;
DROP FUNCTION IF EXISTS destruction_record_refuse_change();
"""
# Also used by the tests' SQLite flush fixture, which lifts and restores them around its DELETE.
SQLITE_UP = [
    """CREATE TRIGGER destruction_record_no_update BEFORE UPDATE ON audit_destructionrecord
       BEGIN SELECT RAISE(ABORT, 'destruction records are append-only: UPDATE refused'); END;""",
    """CREATE TRIGGER destruction_record_no_delete BEFORE DELETE ON audit_destructionrecord
       BEGIN SELECT RAISE(ABORT, 'destruction records are append-only: DELETE refused'); END;""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS destruction_record_no_update;",
    "DROP TRIGGER IF EXISTS destruction_record_no_delete;",
]


def _run(statements_by_vendor: dict[str, list[str]]):  # type: ignore[no-untyped-def]
    def apply(apps, schema_editor):  # type: ignore[no-untyped-def]
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement, params=None)

    return apply


class Migration(migrations.Migration):
    dependencies = [("audit", "0004_retention_legal_holds")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": [POSTGRES_UP], "sqlite": SQLITE_UP}),
            _run({"postgresql": [POSTGRES_DOWN], "sqlite": SQLITE_DOWN}),
        ),
    ]
