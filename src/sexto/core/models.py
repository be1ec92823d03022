"""Core's only table: the gap-free counters every numbered record draws from."""

from __future__ import annotations

from django.db import models


class Counter(models.Model):
    """The last number given per scope, kind and year (`SX-2026-00042`, `DEC-2026-00107` — `SIG-`
    before issue 16 —, `INC-2026-0003`). The scope is a file holder's id, kept as a plain key: core
    imports no app."""

    scope = models.UUIDField()
    kind = models.CharField(max_length=8)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scope", "kind", "year"], name="core_counter_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}-{self.year}: {self.last}"
