"""Fixtures for training tests (in fixtures.py, so the credentials tests can import them too)."""

from tests.training.fixtures import (  # noqa: F401
    architecte,
    explorateur,
    learners_read_everything,
    people,
    program,
    second_trainer,
)
