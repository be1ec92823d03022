"""Fixtures for the simulations: a learner, signed-in clients, the grid form's POST data
(tests/grid_answers.py)."""

from __future__ import annotations

from typing import Any

import pytest

from sexto.directory.models import User
from tests.factories import World, world_email
from tests.helpers import FormClient, sign_in

LEARNER_EMAIL = world_email("staff")


@pytest.fixture
def learner(world: World) -> User:
    """A teacher of a school with an agreement, whose Explorateur is approved: eligible for the
    Architecte, so they may play its simulations."""
    from sexto.training.demo import demo_program_seed
    from sexto.training.models import Level
    from tests.training.fixtures import level_approve

    user = User.objects.get(email=LEARNER_EMAIL)
    explorateur = Level.objects.get(program=demo_program_seed(), slug="explorateur")
    level_approve(user=user, level=explorateur)
    return user


@pytest.fixture
def staff_of_school(world: World) -> dict[str, User]:
    """The learner's school's principal and coordinator (they must never see a simulation)."""
    return {
        "coordinator": User.objects.get(email=world_email("coordinator")),
        "principal": User.objects.get(email=world_email("principal")),
    }


@pytest.fixture
def real_case(staff_of_school: dict[str, User]) -> Any:
    """A real case of the learner's school, opened by its coordinator."""
    from sexto.directory.models import School
    from sexto.interventions.services import case_open

    return case_open(
        actor=staff_of_school["coordinator"],
        school=School.objects.get(ministry_code="751001"),
        summary="Photo intime d'une élève de 14 ans retransmise.",
    )


def signed_in(email: str) -> FormClient:
    client = FormClient()
    sign_in(client, email)
    return client
