"""`manage.py demo_logins`: the demo accounts, their roles, and how to get a TOTP code."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from sexto.directory.demo import DEMO_PASSWORD, DEMO_PEOPLE, DEMO_TOTP_SECRET
from sexto.directory.models import Role


class Command(BaseCommand):
    help = "Print the demo logins."

    def handle(self, *args: Any, **options: Any) -> None:
        labels = dict(Role.choices)
        self.stdout.write(f"\nDemo logins (password for all: {DEMO_PASSWORD})\n")
        width = max(len(p.email) for p in DEMO_PEOPLE) + 2
        for person in DEMO_PEOPLE:
            role = str(labels[person.role]) + (" (backup)" if person.is_backup else "")
            totp = "TOTP" if person.totp else "    "
            self.stdout.write(f"  {person.email:<{width}} {totp}  {role}")
        self.stdout.write(f"  {'plateforme@sexto.demo':<{width}} TOTP  Django admin (superuser)")
        self.stdout.write(
            f"  {'releve@hauts-sommets.demo':<{width}} TOTP  Sexto coordinator, proposed by the "
            "administrator: no access until direction@hauts-sommets.demo confirms it "
            "(Appointments)"
        )
        self.stdout.write(
            f"\nTOTP: every demo account shares the secret {DEMO_TOTP_SECRET}.\n"
            "Current code: `make totp` (or add the secret to any authenticator app).\n"
        )
