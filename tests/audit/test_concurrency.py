"""Concurrent writers on one chain stay gap-free and verifiable (PostgreSQL row locks)."""

import threading

import pytest
from django.core.management import call_command
from django.db import connection

from sexto.audit.models import AuditEvent
from sexto.audit.services import audit_record

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

WRITERS = 8
EACH = 15


def test_parallel_writers_on_one_chain_never_fork_it() -> None:
    errors: list[BaseException] = []

    def write() -> None:
        try:
            for _ in range(EACH):
                audit_record(actor=None, action="test.write", target=("t", "1"), chain="org:test")
        except BaseException as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=write) for _ in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    seqs = list(
        AuditEvent.objects.filter(chain="org:test").order_by("seq").values_list("seq", flat=True)
    )
    assert seqs == list(range(1, WRITERS * EACH + 1))
    call_command("audit_verify")
