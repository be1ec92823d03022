"""`manage.py tasks_requeue_stale --older-than 10m`: re-queue tasks a killed worker left RUNNING."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sexto.core.commands import command_fail
from sexto.core.jobs import STALE_AFTER, stale_tasks_requeue

_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}


def parse_duration(raw: str) -> datetime.timedelta:
    """`90s`, `10m`, `2h` or `1d`."""
    match = re.fullmatch(r"(\d+)([smhd])", raw.strip())
    if not match:
        raise ValueError(f"--older-than {raw!r}: expected a number and a unit, e.g. 10m, 2h, 1d")
    return datetime.timedelta(**{_UNITS[match[2]]: int(match[1])})


class Command(BaseCommand):
    help = "Put back in the queue the tasks left RUNNING longer than --older-than (default 10m)."

    def add_arguments(self, parser: CommandParser) -> None:
        default = f"{int(STALE_AFTER.total_seconds() // 60)}m"
        parser.add_argument("--older-than", default=default, help="e.g. 10m, 2h, 1d")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            older_than = parse_duration(options["older_than"])
        except ValueError as error:
            command_fail([str(error)])
        count = stale_tasks_requeue(older_than=older_than)
        self.stdout.write(f"{count} stale task(s) put back in the queue.")
