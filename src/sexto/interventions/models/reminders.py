"""Reminders about the steps of a case: who was told what about which step, for which deadline."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from sexto.interventions.models.cases import CaseStep


class StepReminder(models.Model):
    """One reminder of one kind to one person about one step's deadline. The unique constraint
    keeps it to one however often the sweep runs; a re-planned deadline is a new one. The email
    waits (`emailed_at` empty) while the person is in their quiet hours."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon"
        OVERDUE = "overdue"
        ESCALATED = "escalated"

    step = models.ForeignKey(CaseStep, on_delete=models.CASCADE, related_name="reminders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    due_at = models.DateTimeField()
    sent_at = models.DateTimeField(default=timezone.now)
    emailed_at = models.DateTimeField(null=True, blank=True)

    objects: ClassVar[models.Manager[StepReminder]] = models.Manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["step", "user", "kind", "due_at"], name="step_reminder_once"
            ),
        ]
        indexes = [models.Index(fields=["emailed_at"], name="step_reminder_email_waiting")]

    def __str__(self) -> str:
        return f"{self.step}: {self.kind}"
