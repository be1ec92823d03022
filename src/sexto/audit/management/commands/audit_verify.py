"""`manage.py audit_verify`: walk every audit chain; exit 1 naming the first broken event."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from sexto.audit.selectors import audit_chain_names, audit_chain_verify


class Command(BaseCommand):
    help = "Verify every audit chain's hashes; exits non-zero naming the first broken event."

    def handle(self, *args: Any, **options: Any) -> None:
        total = 0
        for name in audit_chain_names():
            report = audit_chain_verify(chain=name)
            total += report.events
            if report.broken is not None:
                raise CommandError(f"Audit chain broken: {report.broken}", returncode=1)
            self.stdout.write(f"{name}: {report.events} events, intact")
        self.stdout.write(self.style.SUCCESS(f"All audit chains intact ({total} events)."))
