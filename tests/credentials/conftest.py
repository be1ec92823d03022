"""Fixtures for the credentials tests: the training ones (demo program, people by role)."""

from tests.training.fixtures import (  # noqa: F401
    architecte,
    explorateur,
    learners_read_everything,
    people,
    program,
)
