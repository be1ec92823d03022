"""Demo of expiry and renewal (issue 17): the Explorateur badge is valid three years; one member's
badge expires in about a month (reminded, "Renew" on My badges), one's expired three weeks ago,
and one's renewal waits in the trainer's review queue. Idempotent."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.utils import timezone

from sexto.core.demo import DemoStep, demo_step_register
from sexto.credentials.expiry import months_after
from sexto.credentials.models import Award
from sexto.credentials.reminders import expiry_reminders_send
from sexto.credentials.renewal import renewal_state, renewal_submit
from sexto.directory.demo import DemoPerson, demo_person_ensure
from sexto.directory.models import Role, User
from sexto.training import content
from sexto.training import services as training_services
from sexto.training.demo import LONG_ANSWER, TRAINER_EMAIL
from sexto.training.models import Level

VALIDITY_MONTHS = 36
STAFF = Role.STAFF

# Each person, and the days before their badge expires (negative: it has expired).
RENEWAL_PEOPLE: list[tuple[DemoPerson, int]] = [
    (
        DemoPerson("rappel@hauts-sommets.demo", "mlabelle", "Mélanie", "Labelle", STAFF, "751001"),
        30,
    ),
    (DemoPerson("expire@lac-vert.demo", "fbelanger", "François", "Bélanger", STAFF, "751002"), -20),
    (
        DemoPerson(
            "renouvellement@hauts-sommets.demo", "slavoie", "Sylvie", "Lavoie", STAFF, "751001"
        ),
        45,
    ),
]
RENEWAL_ANSWER = (
    "Depuis mon badge, notre école a vécu deux situations de sextage. J’ai rempli la grille sans "
    "regarder les images et la police a été appelée le jour même. La nouvelle direction connaît "
    "maintenant la trousse; je rappellerai à mes collègues de ne jamais transférer une image."
)


def _explorateur() -> Level | None:
    return Level.objects.filter(program__slug=content.PROGRAM["slug"], slug="explorateur").first()


def demo_badges_expiring_seed(write: Callable[[str], None]) -> None:
    """Three members whose Explorateur badge was approved three years ago, less a few weeks
    (the awards and their credentials follow when this step commits)."""
    level = _explorateur()
    if level is None:
        return
    if level.validity_months is None:
        level.validity_months = VALIDITY_MONTHS
        level.save(update_fields=["validity_months"])
    trainer = User.objects.get(email=TRAINER_EMAIL)
    now = timezone.now().replace(microsecond=0)
    for person, days_left in RENEWAL_PEOPLE:
        user = demo_person_ensure(person).user
        if Award.objects.filter(recipient=user, level=level).exists():
            continue
        approved_at = months_after(now + datetime.timedelta(days=days_left), -VALIDITY_MONTHS)
        for module in level.modules.order_by("position"):
            training_services.module_mark_read(
                user=user, module=module, at=approved_at - datetime.timedelta(days=3)
            )
        submission = training_services.submission_submit(
            user=user,
            level=level,
            answers={f"answer_{n}": f"{LONG_ANSWER} ({n})" for n in range(1, 4)},
            at=approved_at - datetime.timedelta(days=2),
        )
        training_services.submission_review(
            reviewer=trainer, submission=submission, decision="approved", at=approved_at
        )
    write("Credentials: three Explorateur badges near or past their expiry.")


def demo_renewals_seed(write: Callable[[str], None]) -> None:
    """Sylvie Lavoie's renewal awaits review; the daily job's reminders are sent."""
    level = _explorateur()
    user = User.objects.filter(email=RENEWAL_PEOPLE[2][0].email).first()
    if level is None or user is None:
        return
    award = Award.objects.filter(recipient=user, level=level).order_by("-issued_at").first()
    if award is not None and renewal_state(award=award).offered:
        renewal_submit(
            user=user,
            award_id=award.pk,
            answers={f"renewal_answer_{n}": f"{RENEWAL_ANSWER} ({n})" for n in range(1, 4)},
        )
    sent = expiry_reminders_send()
    write(f"Credentials: one renewal awaiting review; {sent} expiry reminder(s) sent.")


def demo_renewal_register() -> None:
    # After training (30) and the member profiles (40); the second step needs the awards the
    # first one's approvals issue when it commits.
    demo_step_register(DemoStep(45, "credentials_badges_expiring", demo_badges_expiring_seed))
    demo_step_register(DemoStep(46, "credentials_renewals", demo_renewals_seed))
