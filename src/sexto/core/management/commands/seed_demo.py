"""`manage.py seed_demo`: fictional data for every capability (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from sexto.core.demo import demo_steps


class Command(BaseCommand):
    help = "Create or refresh the fictional demo data (safe to run again)."

    def handle(self, *args: Any, **options: Any) -> None:
        # The demo's notifications stay in the app: no email for fictional events.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            for step in demo_steps():
                with transaction.atomic():
                    step.run(self.stdout.write)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
