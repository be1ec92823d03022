"""Issue 16, item 9: training claims that are true. The program page says how many levels are
open and shows the others as coming (not takeable: every taking route refuses them); the proof is
refused until every module is read (service and page, the unread modules listed as links); the
Explorateur and Architecte criteria say what is enforced."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import override_settings

from sexto.directory.models import User
from sexto.training import services
from sexto.training.errors import LevelNotOpen, ModulesUnread
from sexto.training.models import Level, Program, Submission
from sexto.training.simulations.selectors import simulation_start_refusal
from tests.helpers import FormClient, sign_in
from tests.training.fixtures import answers, modules_read_all

pytestmark = pytest.mark.usefixtures("english")

PROGRAM = "/training/"
LEVEL = "/training/sexto/explorateur/"
COMING = "/training/sexto/virtuose/"


@pytest.fixture
def client() -> Any:
    return FormClient(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def virtuose(program: Program) -> Level:
    return Level.objects.get(program=program, slug="virtuose")


# -- open and coming levels ---------------------------------------------------------------------


def test_the_program_page_counts_the_open_levels_and_shows_the_others_as_coming(
    client: Any, people: dict[str, User], program: Program
) -> None:
    sign_in(client, people["learner"].email)
    page = client.get(PROGRAM).content.decode()
    assert "2 levels are open to learners." in page
    assert "2 more are coming: they cannot be taken yet." in page
    for slug in ("explorateur", "architecte"):
        assert f'data-testid="level-{slug}" data-open="true"' in page
        assert f'href="/training/sexto/{slug}/"' in page
    for slug in ("virtuose", "innovateur"):
        assert f'data-testid="level-{slug}" data-open="false"' in page
        # Shown, never as a level one can open and take.
        assert f'href="/training/sexto/{slug}/"' not in page


def test_a_coming_level_is_refused_by_every_taking_page(
    client: Any, people: dict[str, User], virtuose: Level
) -> None:
    sign_in(client, people["learner"].email)
    # Its page says it is coming and offers nothing to take.
    page = client.get(COMING).content.decode()
    assert "This level is coming: it cannot be taken yet." in page
    assert 'data-testid="resume"' not in page and 'data-testid="proof"' not in page
    assert client.post(f"{COMING}start/").status_code == 404
    assert client.get(f"{COMING}modules/1/").status_code == 404
    assert client.post(f"{COMING}modules/1/read/").status_code == 404
    assert client.get(f"{COMING}proof/").status_code == 404
    assert client.post(f"{COMING}proof/", {"submit": "1"}).status_code == 404
    assert client.post(f"{COMING}proof/autosave/", {"answer_1": "x"}).status_code == 404
    assert not virtuose.enrolments.exists()


def test_a_coming_level_is_refused_by_the_services(
    people: dict[str, User], virtuose: Level
) -> None:
    with pytest.raises(LevelNotOpen, match="coming"):
        services.enrolment_ensure(user=people["learner"], level=virtuose)
    with pytest.raises(LevelNotOpen, match="coming"):
        services.submission_submit(user=people["learner"], level=virtuose)
    refusal = simulation_start_refusal(
        user=people["learner"], program_slug="sexto", level_slug="virtuose"
    )
    assert isinstance(refusal, LevelNotOpen)
    assert not virtuose.enrolments.exists()


# -- every module read before the proof ---------------------------------------------------------


def test_the_proof_is_refused_with_the_unread_modules_then_accepted(
    people: dict[str, User], explorateur: Level
) -> None:
    learner = people["learner"]
    modules = list(explorateur.modules.order_by("position"))
    for module in modules[:-2]:
        services.module_mark_read(user=learner, module=module)
    with pytest.raises(ModulesUnread) as refused:
        services.submission_submit(user=learner, level=explorateur, answers=answers())
    assert refused.value.unread == modules[-2:]
    assert modules[-1].title in str(refused.value)
    assert not Submission.objects.exists()
    # The answers are kept as a draft: nothing typed is lost.
    enrolment = explorateur.enrolments.get(user=learner)
    assert enrolment.draft_answers == answers()

    for module in modules[-2:]:
        services.module_mark_read(user=learner, module=module)
    submission = services.submission_submit(user=learner, level=explorateur, answers=answers())
    assert submission.status == Submission.Status.SUBMITTED


def test_the_proof_page_lists_each_unread_module_as_a_link(
    client: Any, people: dict[str, User], explorateur: Level
) -> None:
    learner = people["learner"]
    modules = list(explorateur.modules.order_by("position"))
    services.module_mark_read(user=learner, module=modules[0])
    sign_in(client, learner.email)
    # Said before sending, too.
    before = client.get(f"{LEVEL}proof/").content.decode()
    assert "Read every module of the level before sending your proof." in before

    response = client.post(f"{LEVEL}proof/", {**answers(), "submit": "1"})
    assert response.status_code == 422
    page = response.content.decode()
    assert "Your proof was not sent: read every module of the level first." in page
    assert f"Left to read ({len(modules) - 1} modules):" in page
    for module in modules[1:]:
        assert f'href="{LEVEL}modules/{module.position}/" data-testid="unread-module"' in page
    assert f'href="{LEVEL}modules/1/" data-testid="unread-module"' not in page
    # What the learner typed is still in the form.
    assert answers()["answer_1"][:40] in page
    assert not Submission.objects.exists()

    modules_read_all(user=learner, level=explorateur)
    response = client.post(f"{LEVEL}proof/", {**answers(), "submit": "1"})
    assert response.status_code == 302
    assert Submission.objects.get().enrolment.user == learner


# -- the criteria say what is enforced ----------------------------------------------------------


def test_the_explorateur_criteria_say_every_module_must_be_read(
    client: Any, people: dict[str, User], explorateur: Level
) -> None:
    assert "Read every module of the level" in explorateur.criteria_en
    assert "refuses the proof while any is left to read" in explorateur.criteria_en
    assert "at least 200 characters" in explorateur.criteria_en
    assert "Lire chacun des modules du niveau" in explorateur.criteria_fr
    sign_in(client, people["learner"].email)
    page = client.get(LEVEL).content.decode()
    assert 'data-testid="level-criteria"' in page and "refuses the proof" in page


def test_the_architecte_has_its_own_criteria_with_the_settings_pass_mark(
    architecte: Level, explorateur: Level
) -> None:
    assert architecte.criteria_en != explorateur.criteria_en
    assert "pass each of the 3 simulation cases with a score of at least 80%" in (
        architecte.criteria_en
    )
    assert "Explorateur badge" in architecte.criteria_en
    assert "au moins 80\u00a0%" in architecte.criteria_fr


@override_settings(SIMULATION_PASS_MARK=75)
def test_the_architecte_criteria_follow_the_pass_mark_setting(world: Any) -> None:
    from sexto.training.demo import demo_program_seed

    program = demo_program_seed()
    architecte = Level.objects.get(program=program, slug="architecte")
    assert "at least 75%" in architecte.criteria_en
    assert "au moins 75\u00a0%" in architecte.criteria_fr
