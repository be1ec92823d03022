"""`manage.py import_awards FILE [--dry-run]`: historical awards from a CSV (credentials/imports.py
describes the columns). Every row's fate is printed; any bad row: one line per row on stderr, exit
status 2, nothing imported."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sexto.core.commands import command_fail
from sexto.credentials import imports


class Command(BaseCommand):
    help = "Import historical awards from a CSV file (all rows, or none if any row is bad)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="CSV: email,badge,date[,answer_1,answer_2,…]")
        parser.add_argument(
            "--dry-run", action="store_true", help="Only report each row's fate; import nothing."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as error:
            command_fail([f"{path}: {error.strerror or error}"])
        try:
            report = imports.import_report(data)
        except imports.ImportRefused as error:
            command_fail([f"{path}: {error}"])
        if not report.ok:
            command_fail(report.error_lines())
        for row in report.rows:
            fate = "will import" if row.fate == imports.Fate.IMPORT else "already there"
            self.stdout.write(f"line {row.line}: {row.email} {row.badge} {row.date}: {fate}")
        if options["dry_run"]:
            self.stdout.write(
                f"Dry run: {len(report.to_import)} to import, {len(report.existing)} already there."
            )
            return
        try:
            done = imports.import_confirm(data=data, actor=None)
        except (imports.ImportRefused, imports.ImportHasErrors) as error:
            command_fail([str(error)])
        self.stdout.write(
            f"Imported {len(done.to_import)} award(s); {len(done.existing)} already there."
        )
