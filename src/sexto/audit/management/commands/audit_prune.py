"""`manage.py audit_prune`: remove audit events past retention from the start of each chain,
leaving a checkpoint so `audit_verify` still passes. The only deletion of audit events."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from sexto.audit.retention import audit_prune, audit_retention_cutoff
from sexto.core.commands import command_fail


class Command(BaseCommand):
    help = (
        "Remove audit events older than AUDIT_RETENTION_YEARS (default 7) from the start of "
        "each chain, leaving a checkpoint. A chain that does not verify is never pruned."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--before",
            type=datetime.date.fromisoformat,
            help="prune events before this date (YYYY-MM-DD) instead of the retention period; "
            "it may not be later than the retention allows",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        cutoff = audit_retention_cutoff()
        if options["before"] is not None:
            asked = datetime.datetime.combine(
                options["before"], datetime.time.min, tzinfo=timezone.get_current_timezone()
            )
            if asked > cutoff:
                command_fail(
                    [
                        f"--before {options['before']} would remove events still under "
                        f"retention: the earliest allowed is {cutoff.date().isoformat()}."
                    ]
                )
            cutoff = asked
        results = audit_prune(before=cutoff)
        refused = [r for r in results if r.refused]
        for result in results:
            if result.refused:
                continue
            self.stdout.write(
                f"{result.chain}: {result.removed} events removed"
                + (f", now starts after #{result.through_seq}" if result.through_seq else "")
            )
        total = sum(r.removed for r in results)
        self.stdout.write(f"{total} audit events older than {cutoff.date().isoformat()} removed.")
        if refused:
            command_fail(
                [f"Not pruned, the chain does not verify: {r.refused}" for r in refused],
                status=1,
            )
