"""Simulation attempts of the Architecte level (scored practice cases on the real case engine)."""

from __future__ import annotations

import json
import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sexto.core.fields import EncryptedTextField

__all__ = ["SimulationAttempt"]


class SimulationAttempt(models.Model):
    """One go at one fictional case: a simulation Case of the kit, then its score. Every attempt
    is kept; the best finished one of each case counts for the level.

    The level is named by slugs rather than a foreign key, so simulations depend on nothing of
    the program's tables (a trainer may rename or rebuild a level without touching attempts).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="simulation_attempts"
    )
    program_slug = models.SlugField(max_length=60)
    level_slug = models.SlugField(max_length=60)
    scenario = models.SlugField(_("case"), max_length=60)
    case = models.OneToOneField(
        "interventions.Case", on_delete=models.PROTECT, related_name="simulation_attempt"
    )
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    score = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    passed = models.BooleanField(default=False)
    # The scoring report (JSON): the learner's grid answers, the differences and the reasons.
    # Grid answers are encrypted at rest like a real case's (DESIGN.md), even fictional ones.
    report_json = EncryptedTextField(blank=True)

    class Meta:
        ordering = ["-started_at"]
        indexes = [
            models.Index(fields=["user", "level_slug", "scenario", "finished_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.scenario} · {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def report(self) -> dict[str, Any]:
        return json.loads(self.report_json) if self.report_json else {}
