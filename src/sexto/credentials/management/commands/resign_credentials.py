"""Sign every unrevoked credential again: ``resign_credentials --reason "…"``.

For a change to what every credential carries (a context, the issuer profile): same ids, same
status entries, a new proof dated now. Revoked credentials stay as they were revoked."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sexto.core.commands import command_fail
from sexto.credentials.resign import credentials_resign_all


class Command(BaseCommand):
    help = "Sign every unrevoked credential again (same ids and status entries, a new proof)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--reason", required=True, help="why, kept in the audit log")

    def handle(self, *args: Any, **options: Any) -> None:
        reason = options["reason"].strip()
        if not reason:
            command_fail(['Give a reason, e.g. --reason "OB 3.0 extensions context".'])
            return
        count = credentials_resign_all(reason=reason)
        self.stdout.write(f"{count} credential(s) signed again.")
