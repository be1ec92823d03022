"""Demo training: the Sexto response kit program, learners at every step, and asantos's award.

Idempotent: the program's content is refreshed; learners are only set up once.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from zoneinfo import ZoneInfo

from django.utils import timezone

from sexto.directory.demo import DemoPerson, demo_person_ensure
from sexto.directory.models import Role, User
from sexto.training import content, services
from sexto.training.models import (
    Enrolment,
    Level,
    Module,
    Program,
    ProofRound,
    Question,
    Submission,
)
from sexto.training.simulations.scenarios import scenarios_for_level
from sexto.training.simulations.services import simulation_pass_mark

MONTREAL = ZoneInfo("America/Montreal")
ASANTOS_APPROVED_AT = datetime.datetime(2024, 3, 14, 16, 43, 5, tzinfo=MONTREAL)
TRAINER_EMAIL = "formation@cadre21.demo"
EXPLORATEUR_MIN_ANSWER_LENGTH = 200

# Extra fictional learners, so every step of a training shows in the demo.
DEMO_LEARNERS = [
    DemoPerson("enseignante@lac-vert.demo", "nlefebvre", "Nadia", "Lefebvre", Role.STAFF, "751002"),
    DemoPerson("tes@hauts-sommets.demo", "ogirard", "Olivier", "Girard", Role.STAFF, "751001"),
]


def demo_program_seed() -> Program:
    """The Sexto response kit: Explorateur with its modules and questions, Architecte, shells."""
    program, _created = Program.objects.update_or_create(
        slug=content.PROGRAM["slug"],
        defaults={
            **{k: v for k, v in content.PROGRAM.items() if k != "slug"},
            "is_published": True,
        },
    )
    explorateur_fr, explorateur_en = content.explorateur_criteria(
        questions=len(content.QUESTIONS), min_length=EXPLORATEUR_MIN_ANSWER_LENGTH
    )
    explorateur, _created = Level.objects.update_or_create(
        program=program,
        slug="explorateur",
        defaults={
            "position": 1,
            "title_fr": "Explorateur",
            "title_en": "Explorateur",
            "description_fr": content.EXPLORATEUR_DESCRIPTION_FR,
            "description_en": content.EXPLORATEUR_DESCRIPTION_EN,
            "criteria_fr": explorateur_fr,
            "criteria_en": explorateur_en,
            "is_open": True,
            "proof_kind": Level.ProofKind.REFLECTIVE,
            "badge_slug": "sexto-explorateur",
            "min_answer_length": EXPLORATEUR_MIN_ANSWER_LENGTH,
        },
    )
    for position, (title_fr, title_en, body_fr, body_en) in enumerate(content.MODULES, start=1):
        Module.objects.update_or_create(
            level=explorateur,
            position=position,
            defaults={
                "title_fr": title_fr,
                "title_en": title_en,
                "body_fr": body_fr,
                "body_en": body_en,
            },
        )
    for position, (prompt_fr, prompt_en) in enumerate(content.QUESTIONS, start=1):
        Question.objects.update_or_create(
            level=explorateur,
            round=ProofRound.FIRST,
            position=position,
            defaults={"prompt_fr": prompt_fr, "prompt_en": prompt_en},
        )
    architecte_fr, architecte_en = content.architecte_criteria(
        cases=len(scenarios_for_level(program_slug=program.slug, level_slug="architecte")),
        pass_mark=simulation_pass_mark(),
    )
    architecte, _created = Level.objects.update_or_create(
        program=program,
        slug="architecte",
        defaults={
            "position": 2,
            "title_fr": "Architecte",
            "title_en": "Architecte",
            "description_fr": content.ARCHITECTE_DESCRIPTION_FR,
            "description_en": content.ARCHITECTE_DESCRIPTION_EN,
            "criteria_fr": architecte_fr,
            "criteria_en": architecte_en,
            "is_open": True,
            "proof_kind": Level.ProofKind.SIMULATION,
            "badge_slug": "sexto-architecte",
        },
    )
    architecte.prerequisites.add(explorateur)
    for level in (explorateur, architecte):
        for position, (prompt_fr, prompt_en) in enumerate(content.RENEWAL_QUESTIONS, start=1):
            Question.objects.update_or_create(
                level=level,
                round=ProofRound.RENEWAL,
                position=position,
                defaults={"prompt_fr": prompt_fr, "prompt_en": prompt_en},
            )
    previous = architecte
    for slug, position, title_fr, title_en in content.SHELLS:
        shell, created = Level.objects.get_or_create(
            program=program,
            slug=slug,
            defaults={
                "position": position,
                "title_fr": title_fr,
                "title_en": title_en,
                "proof_kind": Level.ProofKind.NONE,
                "is_open": False,  # announced as coming: nobody can take it yet
            },
        )
        if created:
            shell.prerequisites.add(previous)
        previous = shell
    return program


def _answers(text: str) -> dict[str, str]:
    """Three answers long enough to be sent, in a learner's own words."""
    return {f"answer_{n}": f"{text} ({n})" for n in range(1, 4)}


LONG_ANSWER = (
    "Je ne regarde jamais les images : je fais décrire le contenu et je remplis la grille "
    "d'évaluation. Je saisis les appareils sans les consulter, en mode avion, dans une enveloppe "
    "scellée, et j'appelle la police sans attendre quand la situation semble malveillante. La "
    "victime passe en premier, sans jugement."
)


def demo_training_seed(write: Callable[[str], None]) -> None:
    """The program, then learners enrolled, drafting, submitted, asked for changes, approved."""
    program = demo_program_seed()
    explorateur = Level.objects.get(program=program, slug="explorateur")
    trainer = User.objects.get(email=TRAINER_EMAIL)
    if not trainer.is_staff:
        # Trainers author programs in the Django admin, which needs staff status.
        trainer.is_staff = True
        trainer.save(update_fields=["is_staff"])
    for person in DEMO_LEARNERS:
        demo_person_ensure(person)
    modules = list(explorateur.modules.order_by("position"))
    now = timezone.now()

    def fresh(email: str) -> User | None:
        user = User.objects.get(email=email)
        if Enrolment.objects.filter(user=user, level=explorateur).exists():
            return None  # already set up by an earlier run
        return user

    def read(user: User, count: int, days_ago: float) -> None:
        at = now - datetime.timedelta(days=days_ago)
        services.enrolment_ensure(user=user, level=explorateur, at=at)
        for module in modules[:count]:
            services.module_mark_read(user=user, module=module, at=at)

    # Enrolled, nothing read yet.
    if user := fresh("enseignant@hauts-sommets.demo"):
        services.enrolment_ensure(user=user, level=explorateur, at=now - datetime.timedelta(days=2))
    # Reading: half the modules. A school without an agreement: reads, cannot submit.
    if user := fresh("coordination@val-des-pins.demo"):
        read(user, 3, days_ago=6)
    # Drafting.
    if user := fresh("backup@hauts-sommets.demo"):
        read(user, len(modules), days_ago=5)
        services.draft_save(
            user=user,
            level=explorateur,
            answers={"answer_1": LONG_ANSWER, "answer_2": "Mieux documenter mes interventions."},
        )
    # Submitted, awaiting review.
    if user := fresh("coordination@lac-vert.demo"):
        read(user, len(modules), days_ago=4)
        services.submission_submit(
            user=user,
            level=explorateur,
            answers=_answers(LONG_ANSWER),
            at=now - datetime.timedelta(days=1),
        )
    # Changes requested.
    if user := fresh("enseignante@lac-vert.demo"):
        read(user, len(modules), days_ago=9)
        submission = services.submission_submit(
            user=user,
            level=explorateur,
            answers=_answers(LONG_ANSWER),
            at=now - datetime.timedelta(days=3),
        )
        services.submission_review(
            reviewer=trainer,
            submission=submission,
            decision="changes_requested",
            comment=(
                "Précisez, à la question 3, comment vous accueilleriez la victime "
                "et qui vous informeriez."
            ),
            at=now - datetime.timedelta(days=2),
        )
    # Approved (the badge is issued by the credentials app, listening to level_approved).
    for email, days in (("coordination@hauts-sommets.demo", 30), ("tes@hauts-sommets.demo", 12)):
        if user := fresh(email):
            read(user, len(modules), days_ago=days + 2)
            submission = services.submission_submit(
                user=user,
                level=explorateur,
                answers=_answers(LONG_ANSWER),
                at=now - datetime.timedelta(days=days + 1),
            )
            services.submission_review(
                reviewer=trainer,
                submission=submission,
                decision="approved",
                comment="Très bien.",
                at=now - datetime.timedelta(days=days),
            )
    asantos_seed(level=explorateur, trainer=trainer)
    write(
        f"Training: {Enrolment.objects.filter(level__program=program).count()} learners, "
        f"{Submission.objects.filter(enrolment__level__program=program).count()} submissions."
    )


def asantos_seed(*, level: Level, trainer: User) -> None:
    """The seed's member: her three answers, approved at 2024-03-14 16:43:05 (Montréal)."""
    user = User.objects.filter(handle="asantos").first()
    if user is None:
        user = demo_person_ensure(
            DemoPerson(
                "asantos@isb.demo", "asantos", "Ana", "Santos", Role.STAFF, "881001", language="en"
            )
        ).user
    if Enrolment.objects.filter(user=user, level=level).exists():
        return
    submitted_at = ASANTOS_APPROVED_AT - datetime.timedelta(days=2, hours=3)
    for module in level.modules.order_by("position"):
        services.module_mark_read(user=user, module=module, at=submitted_at)
    Enrolment.objects.filter(user=user, level=level).update(
        enrolled_at=submitted_at - datetime.timedelta(days=5)
    )
    submission = services.submission_submit(
        user=user,
        level=level,
        answers={f"answer_{n}": text for n, text in enumerate(content.ASANTOS_ANSWERS, start=1)},
        at=submitted_at,
    )
    services.submission_review(
        reviewer=trainer,
        submission=submission,
        decision="approved",
        comment="",
        at=ASANTOS_APPROVED_AT,
    )
