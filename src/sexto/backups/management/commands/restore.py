"""`manage.py restore FILE`: into an empty database; checks checksums and audit chain heads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from sexto.backups.services import ArchiveError, BackupError, backup_restore
from sexto.core.commands import command_fail


class Command(BaseCommand):
    help = "Restore a backup into an empty database, then verify the audit chains."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="the .backup file")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            manifest = backup_restore(archive_path=Path(options["archive"]))
        except (BackupError, ArchiveError) as error:
            command_fail([f"Restore failed: {error}"])
        self.stdout.write(f"Restored the backup of {manifest['created_at']}.")
        call_command("audit_verify", stdout=self.stdout)
