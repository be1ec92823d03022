"""The append-only trigger SQL is built in `sexto.audit.triggers` and run by migrations 0002 and
0005: it must stay byte-identical to what those migrations ran when they were written (an
applied migration is never run again, so a drift would make new databases differ from old ones).
The triggers' behaviour (UPDATE and DELETE refused) is tested in test_services.py and
test_destruction_records.py."""

import hashlib

import pytest

from sexto.audit.triggers import (
    AUDIT_EVENTS,
    DESTRUCTION_RECORDS,
    postgres_down,
    postgres_up,
    sqlite_down,
    sqlite_up,
)

# sha256 of the SQL as the migrations held it literally (SQLite lists joined by newlines).
PINNED = {
    (
        "audit_event",
        "postgres_up",
    ): "c8d3c5dcd530c0dafe3d975fba406c8c6b53930719086ba10425658d91c7a531",
    (
        "audit_event",
        "postgres_down",
    ): "b0c63ee67b995a76a01bba6e2cdffadb57eed2f310693ef476e2abce30ba9ac7",
    (
        "audit_event",
        "sqlite_up",
    ): "ee0f94f7cf8690b38dfce935f39e3491dcc48b8f3a752c35708f11120c05fcfb",
    (
        "audit_event",
        "sqlite_down",
    ): "339272d1ef3d8e4c1ef0d46a0ce68f3cf8560204a344774070c13ca6782c7a97",
    (
        "destruction_record",
        "postgres_up",
    ): "617e62d86374aaf71f0feedd6788acf451b14fab84d70be9c85ccfa78c029b44",
    (
        "destruction_record",
        "postgres_down",
    ): "07f515f64241337adefa34e86a736e778eef3ce1da67edf01d1b465098be6460",
    (
        "destruction_record",
        "sqlite_up",
    ): "b57e2be42c7834a0e557039b3460c07ff4b13f6d936dfd813c5ac2f82550155b",
    (
        "destruction_record",
        "sqlite_down",
    ): "c88b9a8fac07c1ba8ef50500093d868526f55b2155ef3deaf0952cc7c44a6459",
}
BUILDERS = {
    "postgres_up": postgres_up,
    "postgres_down": postgres_down,
    "sqlite_up": sqlite_up,
    "sqlite_down": sqlite_down,
}


@pytest.mark.parametrize(("table", "builder"), sorted(PINNED))
def test_the_trigger_sql_is_what_the_migrations_ran(table: str, builder: str) -> None:
    spec = {AUDIT_EVENTS.name: AUDIT_EVENTS, DESTRUCTION_RECORDS.name: DESTRUCTION_RECORDS}[table]
    built = BUILDERS[builder](spec)
    text = built if isinstance(built, str) else "\n".join(built)
    assert hashlib.sha256(text.encode()).hexdigest() == PINNED[(table, builder)]
