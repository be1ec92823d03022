"""Fixtures: the factory-made world with two years of closed cases at two of its schools."""

from __future__ import annotations

import pytest

from sexto.directory.models import User
from tests.factories import World, history_build


@pytest.fixture
def history(world: World) -> int:
    """Eight past quarters of closed cases: 5 to 13 a quarter at Hauts-Sommets, 1 to 7 at
    Lac-Vert (some quarter has a route with 1 to 4 cases, which the tables suppress)."""
    return history_build(
        schools=[
            (world.schools["751001"], world.people["coordinator"], 5, 13),
            (world.schools["751002"], world.people["other_coordinator"], 1, 7),
        ]
    )


@pytest.fixture
def analyst(world: World) -> User:
    return world.people["analyst"]


@pytest.fixture
def org_admin(world: World) -> User:
    return world.people["admin"]


@pytest.fixture
def open_case_in(world: World):
    """Opens a real case at a school (its coordinator, from an intake filed by its staff)."""
    import datetime

    from django.utils import timezone

    from sexto.interventions.services import case_open, intake_create

    def make(school):
        coordinator = world.people["coordinator"]
        intake = intake_create(
            reporter=world.people["staff"],
            school=school,
            told_at=timezone.now() - datetime.timedelta(minutes=20),
            told_by="Une élève",
            account="Une photo intime circule.",
        )
        return case_open(
            actor=coordinator, school=school, intake=intake, summary="Photo intime retransmise."
        )

    return make
