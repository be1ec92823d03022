"""Cases opened at the same time for one school get gap-free, unique numbers (PostgreSQL row
lock on the counter), even when some openings fail after taking a number."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from sexto.directory.demo import demo_directory_seed
from sexto.directory.models import School, User
from sexto.interventions import services
from sexto.interventions.models import Case

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 8
EACH = 5


class Boom(Exception):
    """A failure after the number was taken, inside the opening's transaction."""


def _open_concurrently(fails: Callable[[int, int], bool]) -> tuple[int, list[BaseException]]:
    """Open THREADS × EACH cases at once, each thread on its own connection; `fails(t, i)`
    marks the openings that must fail after numbering. Returns (failures seen, other errors)."""
    demo_directory_seed(lambda line: None)
    school = School.objects.get(ministry_code="751001")
    actor = User.objects.get(email="coordination@hauts-sommets.demo")
    start = threading.Barrier(THREADS)
    lock = threading.Lock()
    failed = 0
    errors: list[BaseException] = []

    def work(thread: int) -> None:
        nonlocal failed
        try:
            start.wait(timeout=30)
            for index in range(EACH):
                summary = f"Cas {thread}-{index}" + (" [boom]" if fails(thread, index) else "")
                try:
                    services.case_open(actor=actor, school=school, summary=summary)
                except Boom:
                    with lock:
                        failed += 1
        except BaseException as error:  # reported by the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(t,)) for t in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "an opening never finished"
    return failed, errors


def _numbers() -> list[str]:
    return list(Case.objects.order_by("number").values_list("number", flat=True))


def _expected(count: int) -> list[str]:
    year = timezone.localdate().year
    return [f"SX-{year}-{n:05d}" for n in range(1, count + 1)]


def test_concurrent_openings_get_every_number_once_without_gaps() -> None:
    failed, errors = _open_concurrently(lambda thread, index: False)
    assert not errors and failed == 0
    numbers = _numbers()
    assert len(numbers) == len(set(numbers)) == THREADS * EACH
    assert numbers == _expected(THREADS * EACH)


def test_openings_failing_after_numbering_give_their_number_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from sexto.interventions.services import cases

    real_chronicle = cases.chronicle

    def chronicle_or_fail(case: Case, **kwargs: Any) -> None:
        assert case.number  # the number was taken before the failure
        if case.summary.endswith("[boom]"):
            raise Boom(case.number)
        real_chronicle(case, **kwargs)

    monkeypatch.setattr(cases, "chronicle", chronicle_or_fail)
    failed, errors = _open_concurrently(lambda thread, index: (thread + index) % 3 == 0)
    assert not errors
    expected_failures = sum(1 for t in range(THREADS) for i in range(EACH) if (t + i) % 3 == 0)
    assert failed == expected_failures > 0
    numbers = _numbers()
    assert len(numbers) == len(set(numbers)) == THREADS * EACH - failed
    assert numbers == _expected(THREADS * EACH - failed)
    assert not any(case.summary.endswith("[boom]") for case in Case.objects.all())
