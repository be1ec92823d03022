"""audit_record appends to the right chain; the database refuses UPDATE and DELETE."""

import pytest
from django.db import DatabaseError, connection, transaction

from sexto.audit.models import AuditChainHead, AuditEvent
from sexto.audit.services import audit_record
from tests.factories import SchoolFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_events_link_in_sequence_on_the_file_holders_chain() -> None:
    school = SchoolFactory()
    user = UserFactory()
    first = audit_record(actor=user, action="case.read", target=school)
    second = audit_record(actor=user, action="case.read", target=school)
    assert first.chain == second.chain == f"org:{school.organisation_id}"
    assert (first.seq, second.seq) == (1, 2)
    assert second.prev_hash == first.hash
    head = AuditChainHead.objects.get(chain=first.chain)
    assert (head.seq, head.hash) == (2, second.hash)


def test_targets_without_a_file_holder_go_on_the_platform_chain() -> None:
    event = audit_record(actor=None, action="job.run", target=("job", "daily"))
    assert event.chain == "platform" and event.actor == "system"


def test_changes_are_stored_as_a_digest_only() -> None:
    event = audit_record(actor=None, action="x", target=("t", "1"), changes={"name": "Émile Roy"})
    assert event.changes_digest and "Émile" not in event.changes_digest


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_auditevent SET action = 'forged'",
        "DELETE FROM audit_auditevent",
    ],
)
def test_database_refuses_changes_to_events(statement: str) -> None:
    audit_record(actor=None, action="x", target=("t", "1"))
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)
    assert AuditEvent.objects.filter(action="x").count() == 1
