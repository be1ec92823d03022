"""Audit pruning: old events leave from the start of each chain, a checkpoint keeps verification
passing, and the prune is the only deletion the append-only triggers let through (both vendors)."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.test import override_settings
from django.utils import timezone

from sexto.audit.models import AuditCheckpoint, AuditEvent
from sexto.audit.retention import audit_prune
from sexto.audit.selectors import audit_event_rows
from sexto.audit.services import audit_record
from sexto.core.jobs import daily_jobs
from tests.factories import SchoolFactory, UserFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()


@contextmanager
def at(moment: datetime.datetime) -> Iterator[None]:
    with mock.patch("sexto.audit.services.timezone.now", return_value=moment):
        yield


def _events(ages_in_days: list[int], chain: str = "org:test") -> list[AuditEvent]:
    """Events on one chain, oldest first, `age` days ago each."""
    school, user = SchoolFactory(), UserFactory()
    made = []
    for age in ages_in_days:
        with at(NOW - datetime.timedelta(days=age)):
            made.append(audit_record(actor=user, action="case.read", target=school, chain=chain))
    return made


def test_prune_removes_old_events_from_the_start_and_verify_still_passes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    eight_years, six_years = 8 * 366, 6 * 365
    events = _events([eight_years, eight_years - 1, eight_years - 2, six_years, 10])
    _events([eight_years, 5], chain="org:other")

    call_command("audit_prune")

    out = capsys.readouterr().out
    assert "org:test: 3 events removed, now starts after #3" in out
    assert "org:other: 1 events removed" in out
    remaining = list(AuditEvent.objects.filter(chain="org:test", action="case.read"))
    assert [e.seq for e in remaining] == [4, 5]
    checkpoint = AuditCheckpoint.objects.get(chain="org:test")
    assert (checkpoint.seq, checkpoint.hash) == (3, events[2].hash)
    # The prune itself is on the record, at the end of the chain.
    assert AuditEvent.objects.filter(chain="org:test", action="audit.prune").count() == 1

    call_command("audit_verify")
    assert "All audit chains intact" in capsys.readouterr().out


def test_a_second_prune_keeps_the_chain_verifiable(capsys: pytest.CaptureFixture[str]) -> None:
    _events([9 * 365, 8 * 365, 100])
    call_command("audit_prune")
    with override_settings(AUDIT_RETENTION_YEARS=0):
        call_command("audit_prune")
    # Everything but the last prune's own event is gone; the head and checkpoint agree.
    assert list(AuditEvent.objects.values_list("action", flat=True)) == ["audit.prune"]
    call_command("audit_verify")
    assert "All audit chains intact" in capsys.readouterr().out


def test_a_gap_in_the_middle_is_never_pruned_across() -> None:
    """Only a prefix goes: a recent event stops the prune even if older ones follow it."""
    _events([9 * 365, 10, 9 * 365])  # a clock that went back: the third is "old" again
    audit_prune()
    assert list(
        AuditEvent.objects.filter(action="case.read").order_by("seq").values_list("seq", flat=True)
    ) == [2, 3]


def test_nothing_within_retention_is_removed(capsys: pytest.CaptureFixture[str]) -> None:
    _events([6 * 365, 1])
    call_command("audit_prune")
    assert AuditEvent.objects.count() == 2
    assert not AuditCheckpoint.objects.exists()
    assert "0 audit events older than" in capsys.readouterr().out


def test_before_may_not_reach_into_retention(capsys: pytest.CaptureFixture[str]) -> None:
    _events([10])
    with pytest.raises(SystemExit) as exit_info:
        call_command("audit_prune", before=timezone.localdate())
    assert exit_info.value.code != 0
    assert "still under retention" in capsys.readouterr().err
    assert AuditEvent.objects.count() == 1


def test_a_broken_chain_is_not_pruned(capsys: pytest.CaptureFixture[str]) -> None:
    events = _events([9 * 365, 9 * 365, 9 * 365])
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_append_only")
        else:
            cursor.execute("DROP TRIGGER audit_event_no_update")
        cursor.execute(
            "UPDATE audit_auditevent SET action = 'case.delete' WHERE id = %s",
            [events[1].id.hex if connection.vendor == "sqlite" else str(events[1].id)],
        )
    with pytest.raises(SystemExit) as exit_info:
        call_command("audit_prune")
    assert exit_info.value.code == 1
    assert "does not verify" in capsys.readouterr().err
    assert AuditEvent.objects.count() == 3


def test_outside_the_prune_the_triggers_still_refuse_deletes() -> None:
    _events([9 * 365, 1])
    audit_prune()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.all().delete()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM audit_prune_permit")
            assert cursor.fetchone()[0] == 0


def test_pruning_is_a_daily_job() -> None:
    _events([9 * 365, 1])
    daily_jobs()["audit_prune"].enqueue()  # the tests' immediate backend runs it now
    assert AuditCheckpoint.objects.filter(seq=1).exists()


@pytest.mark.postgres
def test_postgres_the_prune_setting_does_not_outlive_its_transaction() -> None:
    _events([9 * 365, 1])
    audit_prune()
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('sexto.audit_prune', true)")
        assert cursor.fetchone()[0] in (None, "", "off")


ODD_KEYS = ["a\tb", "line\nbreak", "cr\rhere", "back\\slash", "\\N", "\\t", "é à"]


def test_verification_reads_columns_that_need_escaping(capsys: pytest.CaptureFixture[str]) -> None:
    """PostgreSQL streams the rows with COPY, which escapes tabs, newlines and backslashes: a
    key holding them still verifies, and altering it is still caught."""
    school = SchoolFactory()
    odd = [
        audit_record(actor="system", action="case.read", target=("test.odd", target_id))
        for target_id in ODD_KEYS
    ]
    # A column that holds the two characters of COPY's NULL marker is not NULL.
    odd.append(audit_record(actor="\\N", action="case.read", target=("test.odd", "x")))
    audit_record(actor="system", action="case.read", target=school)
    chain = odd[0].chain

    # The rows are read back as the very bytes that were hashed, column by column.
    rows = list(audit_event_rows(chain=chain, after_seq=0))
    assert [row[7] for row in rows] == [k.encode() for k in ODD_KEYS] + [b"x"]
    assert rows[-1][4] == b"\\N"
    assert all(row[8] is None and row[9] is None and row[10] is None for row in rows)

    call_command("audit_verify")
    out = capsys.readouterr().out
    assert f"{chain}: {len(odd)} events, intact" in out
    assert f"All audit chains intact ({len(odd) + 1} events)" in out

    # Altering one such key, even into another escaped form, is caught and names the event.
    altered = odd[ODD_KEYS.index("a\tb")]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_append_only")
        else:
            cursor.execute("DROP TRIGGER audit_event_no_update")
        cursor.execute(
            "UPDATE audit_auditevent SET target_id = %s WHERE id = %s",
            ["a\\tb", altered.id.hex if connection.vendor == "sqlite" else str(altered.id)],
        )
    with pytest.raises(CommandError) as broken:
        call_command("audit_verify")
    assert f"event #{altered.seq} ({altered.id}) was altered" in str(broken.value)
