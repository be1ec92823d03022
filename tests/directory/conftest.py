"""Fixtures of the directory's tests: places and people of the factory-made world."""

from __future__ import annotations

import pytest

from sexto.directory.models import School, User
from tests.factories import World


@pytest.fixture
def hauts(world: World) -> School:
    """École secondaire des Hauts-Sommets (Saint-Jérôme: agreement in force)."""
    return world.schools["751001"]


@pytest.fixture
def admin(world: World) -> User:
    """The administrator of the Centre de services scolaire des Mille-Lacs."""
    return world.people["admin"]


@pytest.fixture
def principal(world: World) -> User:
    """The principal of Hauts-Sommets."""
    return world.people["principal"]
