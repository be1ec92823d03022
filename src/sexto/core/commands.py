"""Command errors: one readable line per problem on stderr, a non-zero exit status."""

from __future__ import annotations

import sys
from collections.abc import Iterable

from sexto.core.errors import DomainError


def command_fail(lines: Iterable[str], *, status: int = 2) -> None:
    """Print each problem on its own line to stderr and exit with `status` (nothing on stdout)."""
    for line in lines:
        sys.stderr.write(f"{line}\n")
    raise SystemExit(status)


def command_fail_domain(error: DomainError) -> None:
    """A domain error as a command error: its message, then exit 2."""
    prefix = f"{error.field}: " if error.field else ""
    command_fail([f"{prefix}{error}"])
