"""A case handed to another school of its file holder when the student changes school."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from sexto.directory.models import School
from sexto.interventions.models.cases import Case


class CaseTransfer(models.Model):
    """Who transferred the case from which school to which, when; the old school's team reads
    it (read only) until `read_only_until`. The case keeps its number."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="transfers")
    from_school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    to_school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    transferred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    transferred_at = models.DateTimeField(default=timezone.now)
    read_only_until = models.DateTimeField()

    objects: ClassVar[models.Manager[CaseTransfer]] = models.Manager()

    class Meta:
        ordering = ["-transferred_at"]
        indexes = [models.Index(fields=["case", "read_only_until"])]

    def __str__(self) -> str:
        return f"{self.case}: {self.from_school_id} → {self.to_school_id}"
