"""Training fixtures (shared with the credentials tests): the demo program, people, answers."""

from __future__ import annotations

import pytest

from sexto.directory.models import Membership, Organisation, Role, User
from sexto.training.models import Level, Program
from tests.factories import World, world_email

LONG = (
    "Je ne regarde jamais les images : je fais décrire le contenu par les personnes concernées "
    "et je remplis la grille d'évaluation. Je saisis les appareils sans les consulter et "
    "j'appelle la police sans attendre quand la situation semble malveillante."
)


def answers(text: str = LONG) -> dict[str, str]:
    return {f"answer_{n}": f"{text} {n}" for n in range(1, 4)}


def modules_read_all(*, user: User, level: Level) -> None:
    """The learner marked every module of the level read (the proof is refused before)."""
    from sexto.training import services

    for module in level.modules.order_by("position"):
        services.module_mark_read(user=user, module=module)


@pytest.fixture
def learners_read_everything(people: dict[str, User], explorateur: Level) -> None:
    """The learner and the coordinator have read every Explorateur module, for tests about
    what comes after (sending, reviewing, awards)."""
    for key in ("learner", "coordinator"):
        modules_read_all(user=people[key], level=explorateur)


@pytest.fixture
def program(world: World) -> Program:
    from sexto.training.demo import demo_program_seed

    return demo_program_seed()


@pytest.fixture
def explorateur(program: Program) -> Level:
    return Level.objects.get(program=program, slug="explorateur")


@pytest.fixture
def architecte(program: Program) -> Level:
    return Level.objects.get(program=program, slug="architecte")


@pytest.fixture
def people(world: World) -> dict[str, User]:
    emails = {
        "learner": world_email("staff"),  # staff, Saint-Jérôme: agreement in force
        "coordinator": world_email("coordinator"),
        "other_coordinator": world_email("other_coordinator"),
        "no_agreement": world_email("no_agreement_coordinator"),  # Val-des-Pins: no agreement
        "police": world_email("police"),
        "admin": world_email("admin"),
        "trainer": world_email("trainer"),
        "asantos": world_email("learner"),
    }
    return {key: User.objects.get(email=email) for key, email in emails.items()}


@pytest.fixture
def second_trainer(world: World) -> User:
    """Another trainer, who is also staff of an eligible school (to test self-review)."""
    from allauth.mfa.totp.internal.auth import TOTP

    from sexto.directory.demo import DEMO_START, DEMO_TOTP_SECRET
    from sexto.directory.models import School

    user = User.objects.create_user(
        "formateur2@cadre21.test", "correct-horse-battery-9", handle="formateur2"
    )
    TOTP.activate(user, DEMO_TOTP_SECRET)  # trainers sign in with two factors (DESIGN.md)
    Membership.objects.create(
        user=user,
        organisation=Organisation.objects.get(slug="cadre21"),
        role=Role.TRAINER,
        valid_from=DEMO_START,
        status="confirmed",
    )
    Membership.objects.create(
        user=user,
        school=School.objects.get(ministry_code="751002"),
        role=Role.STAFF,
        valid_from=DEMO_START,
        status="confirmed",
    )
    return user


def level_approve(*, user: User, level: Level, reviewer: User | None = None) -> None:
    """The learner's proof of `level` sent and approved by a trainer (the demo's by default),
    through training's services (e.g. the Explorateur, which opens the Architecte's simulations)."""
    from sexto.training import services

    modules_read_all(user=user, level=level)
    submission = services.submission_submit(user=user, level=level, answers=answers())
    services.submission_review(
        reviewer=reviewer or User.objects.get(email=world_email("trainer")),
        submission=submission,
        decision="approved",
        comment="Très bien.",
    )
