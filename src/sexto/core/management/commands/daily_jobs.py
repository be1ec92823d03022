"""`manage.py daily_jobs`: enqueue every daily job; the worker runs them."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from sexto.core.jobs import daily_jobs


class Command(BaseCommand):
    help = "Enqueue the daily jobs (retention, escalations, stale-task requeue)."

    def handle(self, *args: Any, **options: Any) -> None:
        for name, job in daily_jobs().items():
            result = job.enqueue()
            self.stdout.write(f"{name}: enqueued ({result.id})")
