"""The coordinator's day in the demo (issue 18): a case transferred from Hauts-Sommets to
Lac-Vert when its student changed school, the reminders of overdue steps already sent, and
quiet hours for the backup coordinator. Each part seeded once. All people are fictional."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from sexto.directory.models import School
from sexto.interventions.demo_common import DEMO_MARK, intake_file, user_get
from sexto.interventions.models import CaseTransfer
from sexto.interventions.services import case_open
from sexto.interventions.services.reminders import step_reminders_send
from sexto.interventions.services.transfer import case_transfer


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
    backup = user_get("backup@hauts-sommets.demo")
    if backup.quiet_from is None:
        backup.quiet_from, backup.quiet_until = datetime.time(21, 0), datetime.time(7, 0)
        backup.save(update_fields=["quiet_from", "quiet_until"])
    sent = step_reminders_send()
    if sent:
        write(f"Kit: {sent} reminders of steps due soon or overdue (backup: quiet 21:00–7:00).")
