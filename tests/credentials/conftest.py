"""Fixtures for the credentials tests: the training ones (demo program, people by role) and
the demo's asantos award."""

import os
from typing import Any

import pytest

from sexto.credentials.models import Award
from sexto.directory.models import User
from sexto.training.demo import asantos_seed
from sexto.training.models import Level
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


@pytest.fixture
def award(
    people: dict[str, User],  # noqa: F811 - the fixtures imported above
    explorateur: Level,  # noqa: F811
    django_capture_on_commit_callbacks: Any,
) -> Award:
    """The demo's asantos award (Riverview High School, Island School Board, Montréal, whose
    police force has had an agreement with the DPCP since 2021), signed after commit."""
    with django_capture_on_commit_callbacks(execute=True):
        asantos_seed(level=explorateur, trainer=people["trainer"])
    return Award.objects.get(recipient__handle="asantos", badge_slug="sexto-explorateur")
