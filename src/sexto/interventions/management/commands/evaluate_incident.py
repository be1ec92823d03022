"""`manage.py evaluate_incident FILE|-`: the grid on one incident or an array of them (GRID.md)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from sexto.core.commands import command_fail
from sexto.interventions import grid


def _line(error: grid.FieldError, index: int | None) -> str:
    """`people[1].age: …`, or `[3].people[1].age: …` inside an array."""
    if index is None:
        return str(error)
    path = f"[{index}]" if error.path == grid.ROOT_PATH else f"[{index}].{error.path}"
    return f"{path}: {error.en}"


class Command(BaseCommand):
    help = (
        "Evaluate incidents with the grid. FILE holds one incident object or an array of them "
        "(- reads standard input). Invalid input: one line per problem on stderr, exit status 2."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="a JSON file, or - for standard input")

    def handle(self, *args: Any, **options: Any) -> None:
        source = options["file"]
        try:
            text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
        except OSError as error:
            command_fail([f"{source}: cannot be read ({error.strerror})"])
        try:
            document = json.loads(text)
        except json.JSONDecodeError as error:
            command_fail([f"{source}: not valid JSON (line {error.lineno}, column {error.colno})"])
        incidents = document if isinstance(document, list) else [document]
        results: list[grid.GridResult] = []
        problems: list[str] = []
        for index, incident in enumerate(incidents):
            try:
                results.append(grid.evaluate(incident))
            except grid.IncidentInvalid as invalid:
                problems.extend(
                    _line(error, index if isinstance(document, list) else None)
                    for error in invalid.errors
                )
        if problems:
            command_fail(problems)
        output = results if isinstance(document, list) else results[0]
        self.stdout.write(json.dumps(output, ensure_ascii=False, indent=2))
