"""The shared gap-free counter (core/counters.py): one sequence per scope, kind and year."""

from __future__ import annotations

import uuid

import pytest
from django.db import transaction

from sexto.core.counters import counter_next

pytestmark = pytest.mark.django_db


def test_each_scope_kind_and_year_counts_from_one() -> None:
    first, second = uuid.uuid4(), uuid.uuid4()
    assert [counter_next(scope_id=first, kind="SX", year=2026) for _ in range(3)] == [1, 2, 3]
    assert counter_next(scope_id=second, kind="SX", year=2026) == 1
    assert counter_next(scope_id=first, kind="INC", year=2026) == 1
    assert counter_next(scope_id=first, kind="SX", year=2027) == 1
    assert counter_next(scope_id=first, kind="SX", year=2026) == 4


def test_a_rolled_back_transaction_gives_its_number_back() -> None:
    scope = uuid.uuid4()
    assert counter_next(scope_id=scope, kind="INC", year=2026) == 1
    with pytest.raises(RuntimeError), transaction.atomic():
        assert counter_next(scope_id=scope, kind="INC", year=2026) == 2
        raise RuntimeError("the record that would carry the number is not stored")
    assert counter_next(scope_id=scope, kind="INC", year=2026) == 2
