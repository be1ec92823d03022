"""Fixtures for the simulations: a learner, signed-in clients, the grid form's POST data."""

from __future__ import annotations

from typing import Any

import pytest

from sexto.directory.models import User
from tests.helpers import FormClient, sign_in

LEARNER_EMAIL = "enseignant@hauts-sommets.demo"


@pytest.fixture
def learner(demo: None) -> User:
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
def staff_of_school(demo: None) -> dict[str, User]:
    """The learner's school's principal and coordinator (they must never see a simulation)."""
    return {
        "coordinator": User.objects.get(email="coordination@hauts-sommets.demo"),
        "principal": User.objects.get(email="direction@hauts-sommets.demo"),
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


def grid_post_data(
    answers: dict[str, Any], *, version: int, decided_route: str = "", justification: str = ""
) -> dict[str, Any]:
    """The case grid form's POST body that describes `answers` (a sexto-grid/1 incident)."""
    people = answers["people"]
    data: dict[str, Any] = {
        "people-TOTAL_FORMS": str(len(people)),
        "people-INITIAL_FORMS": "0",
        "version": str(version),
        "decided_route": decided_route,
        "justification": justification,
    }
    for index, person in enumerate(people):
        data[f"people-{index}-id"] = person["id"]
        data[f"people-{index}-age"] = "" if person.get("age") is None else str(person["age"])
        data[f"people-{index}-roles"] = list(person["roles"])
        if person.get("adult"):
            data[f"people-{index}-adult"] = "on"
        if person.get("capacity_concern"):
            data[f"people-{index}-capacity_concern"] = "on"
    content = answers["content"]
    production = answers.get("production", {})
    distribution = answers.get("distribution", {})
    purpose = content.get("sexual_purpose")
    data.update(
        {
            "medium": content["medium"],
            "depiction": content["depiction"],
            "sexual_purpose": {True: "yes", False: "no"}.get(purpose, "unknown"),
            "production_by": production.get("by", "unknown"),
            "production_consent": production.get("consent", "unknown"),
            "stage": distribution.get("stage", "none"),
            "redistribution_consent": distribution.get("redistribution_consent", "unknown"),
            "audience": distribution.get("audience", "none"),
        }
    )
    flags = {
        "violent_or_atypical": content.get("violent_or_atypical", False),
        "coerced": production.get("coerced", False),
        "posted_online": distribution.get("posted_online", False),
        **answers.get("indicators", {}),
    }
    data.update({name: "on" for name, value in flags.items() if value})
    return data
