"""`manage.py retention_report`: what retention will destroy, when, and what a legal hold keeps."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from sexto.core.commands import command_fail
from sexto.directory.models import Organisation
from sexto.interventions.retention import retention_items


class Command(BaseCommand):
    help = (
        "List closed cases and reports (intakes) closed without a case with the day retention "
        "destroys each (soonest first), and those a legal hold keeps. Shows numbers and dates, "
        "no content."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--within-days",
            type=int,
            help="only what is due within this many days (overdue included)",
        )
        parser.add_argument("--organisation", help="only this file holder (its slug)")

    def handle(self, *args: Any, **options: Any) -> None:
        holders = None
        if options["organisation"]:
            org = Organisation.objects.filter(slug=options["organisation"]).first()
            if org is None:
                return command_fail(
                    [f"--organisation: no organisation has the slug {options['organisation']!r}."]
                )
            holders = [org.pk]
        now = timezone.now()
        due_before = None
        if options["within_days"] is not None:
            if options["within_days"] < 0:
                command_fail(["--within-days must be 0 or more."])
            due_before = now + datetime.timedelta(days=options["within_days"])
        items = retention_items(holder_ids=holders, due_before=due_before)
        held = [i for i in items if i.held]
        for item in items:
            assert item.destroy_on is not None and item.closed_at is not None
            when = timezone.localdate(item.destroy_on).isoformat()
            state = (
                "HELD (legal hold)"
                if item.held
                else ("due now" if item.destroy_on <= now else f"destroyed on {when}")
            )
            self.stdout.write(
                f"{item.reference or item.target_id}\t{item.school_name}\t"
                f"{item.rule} closed {timezone.localdate(item.closed_at).isoformat()}\t"
                f"{when}\t{state}"
            )
        due = sum(1 for i in items if i.due(now))
        self.stdout.write(
            f"{len(items)} records under retention: {due} due now, {len(held)} under legal hold."
        )
