"""The demo's part for closure: the closed demo case settled as closing requires, and an open
case that is almost ready to close. All people are fictional."""

from __future__ import annotations

import datetime

from django.utils import timezone

from sexto.directory.models import School, User
from sexto.interventions import services
from sexto.interventions.demo_common import grid_answers, intake_file, steps_done, user_get
from sexto.interventions.models import Case, CasePerson, CaseStep
from sexto.interventions.services import around, referrals


def closed_case_settle(case: Case, *, coordinator: User, person: CasePerson) -> None:
    """Before the demo's closed case closes: the grid says "consult", so the coordinator (the
    school's only duty holder) consulted the DPJ, and the young person's parents were informed."""
    day = datetime.timedelta(days=1)
    around.youth_protection_record(
        actor=coordinator,
        case=case,
        kind="consultation",
        at=timezone.now() - 19.5 * day,
        reference="DPJ-LAU-26-0954",
    )
    around.parent_notification_record(
        actor=coordinator,
        case=case,
        person=person,
        guardian="Père d’Olivier",
        at=timezone.now() - 19 * day,
        channel="meeting",
        summary="Rencontre à l’école : situation expliquée, photo supprimée devant lui.",
    )


def almost_closable_case(hauts: School, *, coordinator: User, teacher: User) -> Case:
    """An open case with everything settled but two items, which "Before closing" lists: the
    awareness meeting of B (scheduled, not yet held) and the educational measure for B (planned,
    not yet done), besides the outcome to describe."""
    police = user_get("liaison@police-saint-jerome.demo")
    now = timezone.now()
    hour = datetime.timedelta(hours=1)
    intake = intake_file(
        school=hauts,
        reporter=teacher,
        told_by="Élève de 3e secondaire (victime)",
        account="Rosalie (15 ans) a envoyé une photo intime à Thomas, qui l’a gardée; elle "
        "regrette et a peur qu’il la montre.",
        students="Rosalie F. (3e sec.), Thomas P. (3e sec.)",
        circulation="Envoyée à une seule personne, pas retransmise selon l’élève",
        minutes_ago=30,
    )
    case = services.case_open(
        actor=coordinator,
        school=hauts,
        intake=intake,
        summary="Photo intime envoyée par une élève de 15 ans à un élève, conservée par lui.",
    )
    rosalie = services.case_person_add(
        actor=coordinator,
        case=case,
        label="A",
        name="Rosalie Fortin",
        age=15,
        grade="3e secondaire",
        roles=["depicted", "producer", "sender"],
    )
    thomas = services.case_person_add(
        actor=coordinator,
        case=case,
        label="B",
        name="Thomas Pelletier",
        age=15,
        grade="3e secondaire",
        roles=["recipient"],
    )
    services.case_grid_save(
        actor=coordinator,
        case=case,
        answers=grid_answers(
            people=[
                {"id": "A", "age": 15, "roles": ["depicted", "producer", "sender"]},
                {"id": "B", "age": 15, "roles": ["recipient"]},
            ],
            depiction="breasts_or_buttocks",
            stage="to_intended_recipient",
            audience="none",
        ),
    )
    steps_done(case, coordinator, ["protect_victim", "stop_dissemination"])
    for key, why in (
        ("secure_devices", "Photo supprimée du téléphone de Thomas devant la direction."),
        ("youth_protection", "Grille : aucun motif raisonnable de croire la sécurité compromise."),
        ("limit_dissemination", "Jamais publiée en ligne ni retransmise : rien à retirer."),
    ):
        services.case_step_update(
            actor=coordinator,
            step=case.steps.get(key=key),
            state=CaseStep.State.NOT_APPLICABLE,
            note=why,
        )
    referral = referrals.referral_create(
        actor=coordinator, case=case, police_contacted_at=now - 200 * hour
    )
    referrals.referral_acknowledge(
        actor=police, referral=referral, police_file_number="SPSJ-26-004050"
    )
    referral.refresh_from_db()
    referrals.determination_record(
        actor=police,
        referral=referral,
        determination="impulsive",
        note="Rencontres de sensibilisation SEXTO pour les deux élèves.",
        version=referral.version,
    )
    for person, guardian in [(rosalie, "Mère de Rosalie"), (thomas, "Père de Thomas")]:
        around.parent_notification_record(
            actor=coordinator,
            case=case,
            person=person,
            guardian=guardian,
            at=now - 190 * hour,
            channel="phone",
            summary="Situation expliquée, rencontre de sensibilisation annoncée.",
        )
    meeting = referrals.meeting_schedule(
        actor=police,
        referral=referral,
        person=rosalie,
        scheduled_at=now - 50 * hour,
        with_guardian="Mère de Rosalie",
    )
    referrals.meeting_held(
        actor=police, meeting=meeting, held_at=now - 49 * hour, version=meeting.version
    )
    referrals.meeting_schedule(
        actor=police,
        referral=referral,
        person=thomas,
        scheduled_at=now + 40 * hour,
        with_guardian="Père de Thomas",
    )
    # Both meetings are scheduled: the outcome's first follow-up is done, holding them is not.
    services.case_step_update(
        actor=coordinator,
        step=case.steps.get(key="outcome_meetings_schedule"),
        state=CaseStep.State.DONE,
    )
    around.support_entry_add(
        actor=coordinator,
        case=case,
        person=rosalie,
        held_at=now - 150 * hour,
        resources=["needhelpnow", "cavac"],
        note="Rencontre de soutien tenue; Rosalie est rassurée.",
    )
    around.educational_measure_add(
        actor=coordinator,
        case=case,
        person=thomas,
        what="Atelier sur le consentement et la conservation d’images",
        with_whom="TES de l’école",
        planned_for=(now + 72 * hour).date(),
    )
    return case
