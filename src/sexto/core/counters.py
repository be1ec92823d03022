"""Gap-free numbering: case numbers, intake references and privacy-incident references all come
from ``counter_next`` (DESIGN.md: gap-free per file holder and calendar year)."""

from __future__ import annotations

from uuid import UUID

from sexto.core.models import Counter


def counter_next(*, scope_id: UUID, kind: str, year: int) -> int:
    """The next number of the year for this scope and kind (1, 2, …). Gap-free because the row
    lock is held until the surrounding transaction commits (a rollback gives the number back):
    call it inside the transaction that stores the number."""
    Counter.objects.bulk_create(
        [Counter(scope=scope_id, kind=kind, year=year, last=0)], ignore_conflicts=True
    )
    counter = Counter.objects.select_for_update().get(scope=scope_id, kind=kind, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last
