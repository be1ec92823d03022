"""`manage.py backup [--to DIR]`: an encrypted pg_dump with its manifest (docs/deploy.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sexto.backups.services import ArchiveError, BackupError, backup_create
from sexto.core.commands import command_fail


class Command(BaseCommand):
    help = "Back up the database: pg_dump + manifest, encrypted with BACKUP_ENCRYPTION_KEY."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--to", default="var/backups", help="folder for the archive")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            path, manifest = backup_create(directory=Path(options["to"]))
        except (BackupError, ArchiveError) as error:
            command_fail([f"Backup failed: {error}"])
        dump = manifest["dump"]
        self.stdout.write(
            f"{path} ({dump['bytes']} bytes dumped, sha256 {dump['sha256'][:16]}…, "
            f"{len(manifest['audit_heads'])} audit chains)"
        )
