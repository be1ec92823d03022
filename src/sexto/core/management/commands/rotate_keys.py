"""`manage.py rotate_keys`: re-encrypt every encrypted field under the newest key and recompute
the blind indexes, in batches; run it again to resume (see sexto/core/key_rotation.py)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sexto.core.commands import command_fail
from sexto.core.key_rotation import RotationFailed, keys_pending, keys_rotate


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted field under the first key of FIELD_ENCRYPTION_KEYS and "
        "recompute every blind index with BLIND_INDEX_KEY. Safe to interrupt and run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=500, help="rows per transaction")
        parser.add_argument(
            "--check",
            action="store_true",
            help="only count the values still under an older key; change nothing",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["batch_size"] < 1:
            command_fail(["--batch-size must be at least 1."])
        if options["check"]:
            self._report_pending()
            return
        verbose = options["verbosity"] > 1
        try:
            counts = keys_rotate(
                batch_size=options["batch_size"],
                after_batch=(
                    (lambda label, rows: self.stdout.write(f"  {label}: {rows} rows done"))
                    if verbose
                    else None
                ),
            )
        except RotationFailed as error:
            command_fail([f"Key rotation stopped: {error}. Rows done so far stay rotated."])
        for count in counts:
            self.stdout.write(
                f"{count.label}: {count.rows} rows, {count.rows_changed} changed "
                f"({count.values_reencrypted} values re-encrypted, "
                f"{count.indexes_recomputed} blind indexes recomputed)"
            )
        left = sum(c.pending for c in keys_pending())
        if left:
            command_fail(
                [f"{left} values are still under an older key (written meanwhile?): run again."]
            )
        total = sum(c.values_reencrypted for c in counts)
        self.stdout.write(
            self.style.SUCCESS(
                f"Rotation complete: {total} values re-encrypted; every value is under the "
                "newest key. Older keys may now be removed from FIELD_ENCRYPTION_KEYS."
            )
        )

    def _report_pending(self) -> None:
        counts = keys_pending()
        for count in counts:
            self.stdout.write(
                f"{count.label}: {count.rows} rows, {count.pending} values under an older key"
            )
        left = sum(c.pending for c in counts)
        self.stdout.write(f"{left} values under an older key.")
