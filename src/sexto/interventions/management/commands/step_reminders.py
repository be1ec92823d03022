"""`manage.py step_reminders`: enqueue the step reminders' sweep (every few minutes: a systemd
timer in production, `make run`'s worker loop in development); the worker runs it."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from sexto.interventions.tasks import step_reminders


class Command(BaseCommand):
    help = "Enqueue the sweep that reminds the case teams of steps due soon or overdue."

    def handle(self, *args: Any, **options: Any) -> None:
        result = step_reminders.enqueue()
        self.stdout.write(f"step_reminders: enqueued ({result.id})")
