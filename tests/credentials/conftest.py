"""Fixtures for the credentials tests: the training ones (demo program, people by role)."""

import os

from tests.training.fixtures import (  # noqa: F401
    architecte,
    explorateur,
    learners_read_everything,
    people,
    program,
)

# The interop report (scripts/interop_report.py, `make interop`) is a report, not a test: it is
# collected only when that script runs it; the same checks run as assertions in test_interop*.py.
collect_ignore = [] if os.environ.get("INTEROP_REPORT") == "1" else ["test_interop_report.py"]
