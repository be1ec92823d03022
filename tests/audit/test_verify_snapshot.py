"""`audit_verify` reads each chain in one snapshot: a prune that commits while a verification is
under way (events removed from the start, checkpoint moved) never makes it report a false break."""

from __future__ import annotations

import datetime
import threading
from typing import Any
from unittest import mock

import pytest
from django.db import connection
from django.utils import timezone

from sexto.audit import selectors
from sexto.audit.models import AuditCheckpoint
from sexto.audit.retention import audit_prune
from sexto.audit.services import audit_record
from tests.factories import SchoolFactory, UserFactory

NOW = timezone.now()


def _events(ages_in_days: list[int], chain: str = "org:test") -> None:
    school, user = SchoolFactory(), UserFactory()
    for age in ages_in_days:
        with mock.patch(
            "sexto.audit.services.timezone.now",
            return_value=NOW - datetime.timedelta(days=age),
        ):
            audit_record(actor=user, action="case.read", target=school, chain=chain)


def _prune_in_another_connection() -> None:
    """The daily prune, run by another worker (its own connection), committed before return."""

    failures: list[BaseException] = []

    def run() -> None:
        try:
            audit_prune()
        except BaseException as error:  # reported in the test's thread
            failures.append(error)
        finally:
            connection.close()

    worker = threading.Thread(target=run)
    worker.start()
    worker.join(timeout=30)
    assert not worker.is_alive() and not failures, failures


@pytest.mark.postgres
def test_a_prune_committing_during_a_verify_is_no_break(transactional_db: None) -> None:
    eight_years = 8 * 366
    _events([eight_years, eight_years - 1, eight_years - 2, 30, 10, 1])
    real_rows = selectors.audit_event_rows
    pruned: list[bool] = []
    verifier = threading.current_thread()

    def rows_after_a_prune(**kwargs: Any) -> Any:
        # The verifier has read the checkpoint (none yet: from the chain's start); now the prune
        # removes the first three events and commits, before the verifier reads the events.
        # (The prune verifies the chain itself first: its own reads are not intercepted.)
        if not pruned and threading.current_thread() is verifier:
            pruned.append(True)
            _prune_in_another_connection()
        return real_rows(**kwargs)

    with mock.patch.object(selectors, "audit_event_rows", rows_after_a_prune):
        report = selectors.audit_chain_verify(chain="org:test")

    assert pruned and AuditCheckpoint.objects.filter(chain="org:test", seq=3).exists()
    assert report.broken is None, report.broken
    assert report.events == 6  # what the snapshot held: the chain as it was before the prune
    # And afterwards, from the checkpoint, the pruned chain verifies too.
    after = selectors.audit_chain_verify(chain="org:test")
    assert after.broken is None and after.events == 4  # three left and the prune's own event
