"""Issue 14, item 2: starting an Architecte simulation needs the level's eligibility.

The attack began with "any signed-in account can start an Architecte simulation". Now the start
is refused, with the reason, to anyone the Architecte is not open to: staff in a territory with
an agreement in force whose Explorateur is approved (training's eligibility and prerequisites).
"""

from __future__ import annotations

import pytest

from sexto.directory.models import User
from sexto.interventions.models import Case
from sexto.training.demo import demo_program_seed
from sexto.training.models import Level
from sexto.training.simulation_models import SimulationAttempt
from sexto.training.simulations import services
from tests.factories import TwoFactorUserFactory, World, world_email
from tests.helpers import FormClient, sign_in

pytestmark = pytest.mark.django_db

LIST_URL = "/training/sexto/architecte/simulations/"
START_URL = f"{LIST_URL}impulsive-redistribution/start/"


def _client(user: User) -> FormClient:
    client = FormClient(HTTP_ACCEPT_LANGUAGE="en")
    sign_in(client, user.email)
    return client


def _start(user: User) -> None:
    services.simulation_start(
        user=user,
        program_slug="sexto",
        level_slug="architecte",
        scenario_key="impulsive-redistribution",
    )


@pytest.fixture
def program(world: World) -> None:
    demo_program_seed()


def test_an_account_with_no_role_cannot_start_a_simulation(program):
    plain = TwoFactorUserFactory(
        email="curieux@example.test",
        handle="curieux",
        first_name="Curieux",
        last_name="Quelconque",
        preferred_language="en",
    )
    client = _client(plain)
    # The attack's first step, as done: POST the start form.
    response = client.post(START_URL)
    assert response.status_code == 302 and response["Location"] == LIST_URL
    page = client.get(LIST_URL).content.decode()
    assert "The simulations are open to those who may earn this level" in page
    assert "no such role" in page
    assert 'data-testid="start-simulation"' not in page
    assert not SimulationAttempt.objects.exists()
    assert not Case.all_objects.filter(simulation=True).exists()
    from sexto.training.errors import NotEligible

    with pytest.raises(NotEligible) as refused:
        _start(plain)
    assert refused.value.status == 403
    assert not SimulationAttempt.objects.exists()


def test_staff_without_the_explorateur_approved_cannot_start_a_simulation(program):
    teacher = User.objects.get(email=world_email("staff"))  # enrolled, not approved
    client = _client(teacher)
    response = client.post(START_URL, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Complete the level Explorateur first" in html
    assert 'data-testid="start-simulation"' not in html
    assert not SimulationAttempt.objects.exists()
    from sexto.training.errors import PrerequisiteMissing

    with pytest.raises(PrerequisiteMissing):
        _start(teacher)


def test_staff_where_no_agreement_is_in_force_cannot_start_a_simulation(program):
    from sexto.training.errors import NotEligible

    # Val-des-Pins: no agreement there.
    coordinator = User.objects.get(email=world_email("no_agreement_coordinator"))
    with pytest.raises(NotEligible) as refused:
        _start(coordinator)
    assert "agreement" in str(refused.value)
    assert not SimulationAttempt.objects.exists()


def test_an_eligible_learner_sees_the_start_buttons_and_starts(program):
    from tests.training.fixtures import level_approve

    teacher = User.objects.get(email=world_email("staff"))
    level_approve(user=teacher, level=Level.objects.get(program__slug="sexto", slug="explorateur"))
    client = _client(teacher)
    page = client.get(LIST_URL).content.decode()
    assert 'data-testid="start-simulation"' in page
    assert 'data-testid="simulations-refused"' not in page
    response = client.post(START_URL)
    attempt = SimulationAttempt.objects.get(user=teacher)
    assert response["Location"] == f"/training/simulations/attempts/{attempt.pk}/"


def test_a_level_missing_from_the_program_is_no_simulation(world):
    teacher = User.objects.get(email=world_email("staff"))
    from sexto.core.errors import NotFoundOrForbidden

    with pytest.raises(NotFoundOrForbidden):
        _start(teacher)  # the program was never seeded: no Architecte level
