"""Destruction records are append-only like the audit log: the database itself refuses UPDATE and
DELETE (a trigger on SQLite and on PostgreSQL): the proof of a destruction cannot be rewritten."""

from __future__ import annotations

import datetime

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from sexto.audit.retention_models import DestructionRecord


def _record() -> DestructionRecord:
    return DestructionRecord.objects.create(
        target_type="interventions.case",
        target_id="0b4e9a0c-0000-4000-8000-000000000001",
        reference="SX-2019-00001",
        chain="org:test",
        rule="case_closed",
        retention_years=5,
        closed_at=timezone.now() - datetime.timedelta(days=6 * 365),
        rows={"case": 1, "people": 2},
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_destructionrecord SET reference = 'SX-2019-99999'",
        "DELETE FROM audit_destructionrecord",
    ],
)
def test_the_database_refuses_to_change_a_destruction_record(statement: str) -> None:
    record = _record()
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)
    record.refresh_from_db()
    assert record.reference == "SX-2019-00001"


@pytest.mark.django_db
def test_the_orm_cannot_either() -> None:
    record = _record()
    record.rows = {}
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        record.save()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        DestructionRecord.objects.all().delete()
    assert DestructionRecord.objects.get().rows == {"case": 1, "people": 2}


def test_a_transactional_test_still_flushes_the_table(transactional_db: None) -> None:
    """The SQLite flush fixture lifts and restores the triggers (PostgreSQL truncates)."""
    _record()
    assert DestructionRecord.objects.count() == 1


def test_after_a_flush_the_triggers_are_back(transactional_db: None) -> None:
    record = _record()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        DestructionRecord.objects.filter(pk=record.pk).delete()
