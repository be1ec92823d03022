"""Fixtures for the kit: factory-made people and schools, and a helper to open a case."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from sexto.directory.models import School, User
from tests.factories import World

# The people around a case, shared by test_around_services and test_around_views.
from tests.interventions.around_fixtures import case, person, police, professional  # noqa: F401
from tests.interventions.closure_fixtures import settled  # noqa: F401


@pytest.fixture
def people(world: World) -> dict[str, User]:
    return world.people


@pytest.fixture
def demo_people(demo: None) -> dict[str, User]:
    """The demo's people, for the demo's own tests (seeding cases, grants, retention)."""
    emails = {
        "coordinator": "coordination@hauts-sommets.demo",
        "backup": "backup@hauts-sommets.demo",
        "principal": "direction@hauts-sommets.demo",
        "professional": "psychoed@hauts-sommets.demo",
        "staff": "enseignant@hauts-sommets.demo",
        "other_coordinator": "coordination@lac-vert.demo",
        "no_agreement_coordinator": "coordination@val-des-pins.demo",
        "police": "liaison@police-saint-jerome.demo",
        "privacy": "prp@css-mille-lacs.demo",
        "admin": "admin@css-mille-lacs.demo",
        "superuser": "plateforme@sexto.demo",
        "learner": "asantos@isb.demo",
    }
    return {key: User.objects.get(email=email) for key, email in emails.items()}


@pytest.fixture
def school(world: World) -> School:
    """École secondaire des Hauts-Sommets: its territory's police force has an agreement."""
    return world.schools["751001"]


@pytest.fixture
def open_case(people: dict[str, User], school: School) -> Any:
    from sexto.interventions.services import case_open, intake_create

    def make(**kwargs: Any) -> Any:
        intake = intake_create(
            reporter=people["staff"],
            school=school,
            told_at=timezone.now() - datetime.timedelta(minutes=20),
            told_by="Élève de 3e secondaire (amie de la victime)",
            account="Une photo intime d'une élève de 14 ans circule dans un groupe de la classe.",
        )
        return case_open(
            actor=people["coordinator"],
            school=school,
            intake=intake,
            summary="Photo intime d'une élève de 14 ans retransmise.",
            **kwargs,
        )

    return make
