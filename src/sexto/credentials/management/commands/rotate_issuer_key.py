"""Rotate an issuing organisation's signing key: ``rotate_issuer_key --org SLUG``.

The old key stays in the DID document, retired, so credentials it signed keep verifying;
``--compromised`` revokes it instead (every proof by it then fails)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sexto.core.commands import command_fail
from sexto.credentials.signing import issuer_key_rotate
from sexto.directory.models import Organisation


class Command(BaseCommand):
    help = "Give an issuing organisation a new signing key; the old one stays published."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="the organisation's short name (slug)")
        parser.add_argument(
            "--compromised",
            action="store_true",
            help="the old key leaked: revoke it (its credentials stop verifying)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = Organisation.objects.filter(slug=options["org"]).first()
        if organisation is None:
            command_fail([f"No organisation with short name {options['org']}."])
            return
        key = issuer_key_rotate(organisation=organisation, compromised=options["compromised"])
        self.stdout.write(f"{organisation.slug}: new key {key.public_key_multibase}")
