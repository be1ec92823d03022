"""Fixtures for wallet issuance: the demo award (training fixtures come from the parent)."""

from __future__ import annotations

from typing import Any

import pytest

from sexto.credentials.models import Award
from sexto.directory.models import User
from sexto.training.demo import asantos_seed
from sexto.training.models import Level


@pytest.fixture
def award(
    people: dict[str, User], explorateur: Level, django_capture_on_commit_callbacks: Any
) -> Award:
    """The demo's asantos award (the `learner`), signed after commit."""
    with django_capture_on_commit_callbacks(execute=True):
        asantos_seed(level=explorateur, trainer=people["trainer"])
    return Award.objects.get(recipient__handle="asantos", badge_slug="sexto-explorateur")
