"""audit_verify passes on an intact chain and names the row after any column is altered."""

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from sexto.audit.models import AuditEvent
from sexto.audit.services import audit_record
from tests.factories import SchoolFactory, UserFactory

pytestmark = pytest.mark.django_db

# Every column that enters the hash, plus the link, with a tampered value of its type.
TAMPERS = {
    "id": "'00000000-0000-0000-0000-0000000000ff'",
    "chain": "'org:forged'",
    "occurred_at": "'2020-01-01 00:00:00+00:00'",
    "actor": "'user:999'",
    "action": "'case.delete'",
    "target_type": "'interventions.case'",
    "target_id": "'42'",
    "request_id": "'forged-request'",
    "ip": "'10.9.9.9'",
    "changes_digest": "'" + "0" * 64 + "'",
    "prev_hash": "'" + "1" * 64 + "'",
    "hash": "'" + "2" * 64 + "'",
    "seq": "7",
}


@contextmanager
def triggers_lifted() -> Iterator[None]:
    """Inside the test's transaction only, so the trigger is back afterwards."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_append_only")
        else:
            cursor.execute("DROP TRIGGER audit_event_no_update")
    yield


def _chain() -> list[AuditEvent]:
    school = SchoolFactory()
    user = UserFactory()
    return [
        audit_record(actor=user, action="case.read", target=school, changes={"n": i})
        for i in range(3)
    ]


def test_intact_chain_verifies(capsys: pytest.CaptureFixture[str]) -> None:
    _chain()
    call_command("audit_verify")
    assert "All audit chains intact (3 events)" in capsys.readouterr().out


@pytest.mark.parametrize("column", sorted(TAMPERS))
def test_altering_any_column_breaks_the_chain_naming_the_row(column: str) -> None:
    events = _chain()
    middle = events[1]
    with triggers_lifted(), connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE audit_auditevent SET {column} = {TAMPERS[column]} WHERE id = %s",
            [middle.id.hex if connection.vendor == "sqlite" else str(middle.id)],
        )
    with pytest.raises(CommandError) as excinfo:
        call_command("audit_verify")
    message = str(excinfo.value)
    assert "Audit chain broken" in message
    # The first broken event is the altered one (by id or by position in the chain).
    assert str(middle.id) in message or "#2" in message or "00ff" in message


def test_removed_last_event_is_detected() -> None:
    events = _chain()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_event_append_only")
        else:
            cursor.execute("DROP TRIGGER audit_event_no_delete")
        cursor.execute(
            "DELETE FROM audit_auditevent WHERE id = %s",
            [events[-1].id.hex if connection.vendor == "sqlite" else str(events[-1].id)],
        )
    with pytest.raises(CommandError, match="events were removed"):
        call_command("audit_verify")
