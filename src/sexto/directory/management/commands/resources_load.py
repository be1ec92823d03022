"""`manage.py resources_load`: fill the support resources from directory/data/quebec_resources.json
(idempotent; `seed_demo` and `make run` run it). Without --refresh, what administrators changed
in Django admin is kept."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from sexto.directory.resources import RESOURCES_FILE, resources_load


class Command(BaseCommand):
    help = "Create the missing support resources from the data file (--refresh: overwrite all)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--refresh",
            action="store_true",
            help="Overwrite existing resources with the file (edits made in admin are lost).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        loaded = resources_load(refresh=options["refresh"])
        self.stdout.write(
            f"Support resources from {RESOURCES_FILE.name}: {loaded.created} created, "
            f"{loaded.updated} updated, {loaded.kept} kept."
        )
