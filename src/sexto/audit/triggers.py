"""Append-only tables refused in the database itself: the trigger SQL the migrations run.

Audit events (migration 0002) and destruction records (0005) refuse UPDATE and DELETE with the
same triggers on PostgreSQL and SQLite; only the audit log lets the prune command delete (a
session setting on PostgreSQL, a permit row on SQLite). Migrations import this module, so what
it builds must stay byte-identical to what they ran: tests/audit/test_triggers.py pins it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.backends.base.schema import BaseDatabaseSchemaEditor


@dataclass(frozen=True)
class AppendOnly:
    """One append-only table: `name` prefixes the function and triggers, `things` is what the
    refusal message calls its rows."""

    table: str
    name: str
    things: str
    # PL/pgSQL run before the refusal (the prune's way through), and the SQLite DELETE
    # trigger's WHEN clause (the prune's permit), each a whole indented line or nothing.
    postgres_prune_exit: str = ""
    sqlite_delete_when: str = ""


AUDIT_EVENTS = AppendOnly(
    table="audit_auditevent",
    name="audit_event",
    things="audit events",
    postgres_prune_exit=(
        "    IF current_setting('sexto.audit_prune', true) = 'on' AND TG_OP = 'DELETE' THEN\n"
        "        RETURN OLD;\n"
        "    END IF;\n"
    ),
    sqlite_delete_when="       WHEN (SELECT COUNT(*) FROM audit_prune_permit) = 0\n",
)
DESTRUCTION_RECORDS = AppendOnly(
    table="audit_destructionrecord", name="destruction_record", things="destruction records"
)


def postgres_up(spec: AppendOnly) -> str:
    """The refusing function and its row trigger."""
    return (
        f"\nCREATE OR REPLACE FUNCTION {spec.name}_refuse_change() RETURNS trigger AS $$\n"
        "BEGIN\n"
        f"{spec.postgres_prune_exit}"
        f"    RAISE EXCEPTION '{spec.things} are append-only: % refused', TG_OP\n"
        "        USING ERRCODE = 'insufficient_privilege';\n"
        "END;\n"
        "$$ LANGUAGE plpgsql;\n"
        f"CREATE TRIGGER {spec.name}_append_only\n"
        f"    BEFORE UPDATE OR DELETE ON {spec.table}\n"
        f"    FOR EACH ROW EXECUTE FUNCTION {spec.name}_refuse_change();\n"
    )


def postgres_down(spec: AppendOnly) -> str:
    return (
        f"\nDROP TRIGGER IF EXISTS {spec.name}_append_only ON {spec.table};\n"
        f"DROP FUNCTION IF EXISTS {spec.name}_refuse_change();\n"
    )


def sqlite_up(spec: AppendOnly) -> list[str]:
    """SQLite has no trigger functions: one trigger per refused operation."""
    return [
        f"CREATE TRIGGER {spec.name}_no_update BEFORE UPDATE ON {spec.table}\n"
        f"       BEGIN SELECT RAISE(ABORT, '{spec.things} are append-only: UPDATE refused'); END;",
        f"CREATE TRIGGER {spec.name}_no_delete BEFORE DELETE ON {spec.table}\n"
        f"{spec.sqlite_delete_when}"
        f"       BEGIN SELECT RAISE(ABORT, '{spec.things} are append-only: DELETE refused'); END;",
    ]


def sqlite_down(spec: AppendOnly) -> list[str]:
    return [
        f"DROP TRIGGER IF EXISTS {spec.name}_no_update;",
        f"DROP TRIGGER IF EXISTS {spec.name}_no_delete;",
    ]


MigrationStep = Callable[[Any, BaseDatabaseSchemaEditor], None]


def run_by_vendor(statements_by_vendor: Mapping[str, Sequence[str]]) -> MigrationStep:
    """A RunPython step executing the statements for the database in use (none for others)."""

    def apply(apps: Any, schema_editor: BaseDatabaseSchemaEditor) -> None:
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement, params=None)

    return apply
