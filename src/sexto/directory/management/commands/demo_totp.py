"""`manage.py demo_totp`: the current 6-digit code for the demo accounts' shared TOTP secret."""

from __future__ import annotations

from typing import Any

import pyotp
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from sexto.directory.demo import DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = "Print the current TOTP code of the demo accounts (development only)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and "test" not in settings.SETTINGS_MODULE:
            raise CommandError("demo_totp only runs with development settings.", returncode=2)
        self.stdout.write(pyotp.TOTP(DEMO_TOTP_SECRET).now())
