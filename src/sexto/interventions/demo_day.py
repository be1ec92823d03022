"""The coordinator's day in the demo (issue 18): a case transferred from Hauts-Sommets to
Lac-Vert when its student changed school, another proposed to Riverview High School (another
board) and awaiting its coordinator's decision, the reminders of overdue steps already sent, and
quiet hours for the backup coordinator. Each part seeded once. All people are fictional."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from sexto.directory.demo import DemoPerson, demo_person_ensure
from sexto.directory.models import Role, School, User
from sexto.interventions.demo_common import DEMO_MARK, intake_file, user_get
from sexto.interventions.models import CaseTransfer
from sexto.interventions.services import case_open
from sexto.interventions.services.reminders import step_reminders_send
from sexto.interventions.services.transfer import case_transfer, case_transfer_propose

# Riverview High School's Sexto coordinator (Island School Board): the demo's receiving side of a
# transfer between boards.
RIVERVIEW_COORDINATOR = DemoPerson(
    "coordination@riverview.demo",
    "jmacdonald",
    "Jennifer",
    "MacDonald",
    Role.COORDINATOR,
    "881001",
    language="en",
)


def demo_riverview_coordinator_ensure() -> User:
    """Riverview High School's coordinator, who accepts or refuses cases from other boards."""
    return demo_person_ensure(RIVERVIEW_COORDINATOR).user


def demo_day_seed(write: Callable[[str], None]) -> None:
    hauts = School.objects.get(ministry_code="751001")
    lac_vert = School.objects.get(ministry_code="751002")
    coordinator = user_get("coordination@hauts-sommets.demo")
    if not CaseTransfer.objects.filter(from_school=hauts, to_school=lac_vert).exists():
        intake = intake_file(
            school=hauts,
            reporter=coordinator,
            told_by="Élève de 2e secondaire, victime",
            account="Une photo intime d’elle envoyée à un ancien ami circule dans un groupe "
            "de l’équipe de soccer.",
            students="Léa M. (2e sec.), Jacob T. (2e sec.)",
            circulation="Snapchat (groupe de l’équipe)",
            minutes_ago=60 * 24 * 6,
        )
        case = case_open(
            actor=coordinator,
            school=hauts,
            intake=intake,
            summary=f"Photo intime d'une élève retransmise dans un groupe d'équipe. {DEMO_MARK}",
        )
        case_transfer(actor=coordinator, case=case, to_school=lac_vert)
        write(f"Kit: {case.number} transferred from Hauts-Sommets to Lac-Vert (student moved).")
    demo_riverview_coordinator_ensure()
    riverview = School.objects.get(ministry_code="881001")
    if not CaseTransfer.objects.filter(from_school=hauts, to_school=riverview).exists():
        intake = intake_file(
            school=hauts,
            reporter=coordinator,
            told_by="Élève de 3e secondaire, ami de la victime",
            account="Une vidéo intime d'un élève circule sur Instagram; l'élève a depuis "
            "déménagé à Montréal.",
            students="Noah B. (3e sec.)",
            circulation="Instagram (compte anonyme)",
            minutes_ago=60 * 24 * 3,
        )
        case = case_open(
            actor=coordinator,
            school=hauts,
            intake=intake,
            summary=f"Vidéo intime d'un élève publiée par un compte anonyme. {DEMO_MARK}",
        )
        case_transfer_propose(
            actor=coordinator,
            case=case,
            to_school=riverview,
            reason="La famille a déménagé à Montréal; l'élève est inscrit à Riverview High "
            "School depuis lundi.",
        )
        write(
            f"Kit: {case.number} proposed to Riverview High School (another board), awaiting "
            "coordination@riverview.demo."
        )
    backup = user_get("backup@hauts-sommets.demo")
    if backup.quiet_from is None:
        backup.quiet_from, backup.quiet_until = datetime.time(21, 0), datetime.time(7, 0)
        backup.save(update_fields=["quiet_from", "quiet_until"])
    sent = step_reminders_send()
    if sent:
        write(f"Kit: {sent} reminders of steps due soon or overdue (backup: quiet 21:00–7:00).")
