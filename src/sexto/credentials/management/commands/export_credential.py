"""Print a member's signed Open Badges 3.0 credential: ``export_credential --user asantos
--badge sexto-explorateur``. The exact bytes stored at signing (signed now if never signed)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sexto.audit.services import audit_record
from sexto.core.commands import command_fail, command_fail_domain
from sexto.core.errors import DomainError
from sexto.credentials.selectors import award_find
from sexto.credentials.services import credential_for


class Command(BaseCommand):
    help = "Print a member's signed OB3 credential JSON for a badge."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", required=True, help="the member's handle, e.g. asantos")
        parser.add_argument("--badge", required=True, help="the badge slug, e.g. sexto-explorateur")

    def handle(self, *args: Any, **options: Any) -> None:
        award = award_find(handle=options["user"], badge_slug=options["badge"])
        if award is None:
            command_fail([f"No badge {options['badge']} awarded to {options['user']}."])
            return
        try:
            issued = credential_for(award)
        except DomainError as error:
            command_fail_domain(error)
            return
        audit_record(actor=None, action="credentials.credential.export", target=award)
        self.stdout.write(issued.signed)
