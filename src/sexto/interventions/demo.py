"""Demo cases at every stage of the kit, in the demo schools. All people are fictional."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from sexto.directory.models import School, User
from sexto.interventions import services
from sexto.interventions.models import Case, CaseStep, ChronologyEntry, Intake

DEMO_MARK = "[démo]"


def _user(email: str) -> User:
    return User.objects.get(email=email)


def _grid(
    *,
    people: list[dict[str, Any]],
    depiction: str,
    medium: str = "photo",
    stage: str = "redistributed",
    consent: str = "unknown",
    audience: str = "few",
    posted_online: bool = False,
    **indicators: bool,
) -> dict[str, Any]:
    return {
        "schema": "sexto-grid/1",
        "people": people,
        "content": {"medium": medium, "depiction": depiction, "sexual_purpose": True},
        "production": {"by": "self", "consent": "yes"},
        "distribution": {
            "stage": stage,
            "redistribution_consent": consent,
            "audience": audience,
            "posted_online": posted_online,
        },
        "indicators": indicators,
    }


def _backdate(case: Case, *, days: float) -> None:
    """Move a demo case back in time so the work list and delays look lived-in."""
    shift = datetime.timedelta(days=days)
    Case.objects.filter(pk=case.pk).update(opened_at=case.opened_at - shift)
    for step in CaseStep.objects.filter(case=case):
        CaseStep.objects.filter(pk=step.pk).update(
            due_at=step.due_at - shift if step.due_at else None,
            done_at=step.done_at - shift if step.done_at else None,
        )
    for entry in ChronologyEntry.objects.filter(case=case):
        ChronologyEntry.objects.filter(pk=entry.pk).update(at=entry.at - shift)
    if case.intake_id:
        intake = Intake.objects.get(pk=case.intake_id)
        Intake.objects.filter(pk=intake.pk).update(
            created_at=intake.created_at - shift,
            told_at=intake.told_at - shift,
            triaged_at=intake.triaged_at - shift if intake.triaged_at else None,
        )


def _intake(
    *,
    school: School,
    reporter: User,
    told_by: str,
    account: str,
    students: str,
    circulation: str,
    minutes_ago: int = 20,
) -> Intake:
    return services.intake_create(
        reporter=reporter,
        school=school,
        told_at=timezone.now() - datetime.timedelta(minutes=minutes_ago),
        told_by=f"{told_by} {DEMO_MARK}",
        account=account,
        students=students,
        circulation=circulation,
    )


def _steps_done(case: Case, actor: User, keys: list[str]) -> None:
    for step in case.steps.filter(key__in=keys):
        services.case_step_update(actor=actor, step=step, state=CaseStep.State.DONE)


def demo_cases_seed(write: Callable[[str], None]) -> list[Case]:
    """Intakes and cases at every stage; returns the cases so later steps can extend them."""
    hauts = School.objects.get(ministry_code="751001")
    lac_vert = School.objects.get(ministry_code="751002")
    coordinator = _user("coordination@hauts-sommets.demo")
    principal = _user("direction@hauts-sommets.demo")
    teacher = _user("enseignant@hauts-sommets.demo")
    if Intake.all_objects.filter(reported_by=teacher, school=hauts).exists():
        write("Kit: demo cases already present.")
        return []
    psychoed = _user("psychoed@hauts-sommets.demo")
    lac_coordinator = _user("coordination@lac-vert.demo")

    # 1. A fresh intake, waiting for triage.
    _intake(
        school=hauts,
        reporter=teacher,
        told_by="Élève de 2e secondaire, amie de la victime",
        account="Une élève de 2e secondaire dit qu'une photo d'elle en sous-vêtements, "
        "envoyée à son copain, circule dans un groupe Snapchat de la classe.",
        students="Léa T. (2e sec.), Samuel B. (2e sec.)",
        circulation="Snapchat, groupe « 2e sec. groupe 204 »",
        minutes_ago=12,
    )

    # 2. An intake closed without a case: nothing sexual was described.
    closed_intake = _intake(
        school=hauts,
        reporter=teacher,
        told_by="Enseignant d'éducation physique",
        account="Un montage humoristique d'un élève déguisé circule; rien de sexuel n'est décrit.",
        students="Victor P. (4e sec.)",
        circulation="Instagram",
        minutes_ago=60 * 26,
    )
    services.intake_close(
        actor=coordinator,
        intake=closed_intake,
        reason="Rien de sexuel n'est décrit : suivi par la TES pour "
        "l'intimidation, hors trousse Sexto.",
    )

    cases: list[Case] = []
    # 3. An open case, grid filled (impulsive, Sexto procedure), first steps done.
    intake = _intake(
        school=hauts,
        reporter=teacher,
        told_by="Élève de 3e secondaire (témoin)",
        account="Une photo intime de Zoé (14 ans), prise par elle-même et envoyée à Noah, a été "
        "retransmise par Noah à trois amis.",
        students="Zoé L. (3e sec.), Noah G. (3e sec.)",
        circulation="Messages privés Instagram",
        minutes_ago=95,
    )
    case = services.case_open(
        actor=coordinator,
        school=hauts,
        intake=intake,
        summary="Photo intime d'une élève de 14 ans retransmise par le "
        "destinataire à trois élèves.",
    )
    services.case_person_add(
        actor=coordinator,
        case=case,
        label="A",
        name="Zoé Lavoie",
        age=14,
        grade="3e secondaire",
        roles=["depicted", "producer", "sender"],
    )
    services.case_person_add(
        actor=coordinator,
        case=case,
        label="B",
        name="Noah Gagné",
        age=15,
        grade="3e secondaire",
        roles=["recipient", "distributor"],
    )
    services.case_grid_save(
        actor=coordinator,
        case=case,
        answers=_grid(
            people=[
                {"id": "A", "age": 14, "roles": ["depicted", "producer", "sender"]},
                {"id": "B", "age": 15, "roles": ["recipient", "distributor"]},
            ],
            depiction="breasts_or_buttocks",
        ),
    )
    _steps_done(case, coordinator, ["protect_victim", "stop_dissemination"])
    services.professional_invite(actor=principal, case=case, user=psychoed)
    cases.append(case)

    # 4. A case with a threat: malicious, police called at once (extended by the referral demo).
    intake = _intake(
        school=hauts,
        reporter=psychoed,
        told_by="Élève de 4e secondaire (victime)",
        account="Un élève menace de publier une vidéo intime d'elle si elle ne lui en envoie "
        "pas d'autres.",
        students="Maya R. (4e sec.), Jérémy D. (5e sec.)",
        circulation="Pas encore diffusée selon l'élève",
        minutes_ago=60 * 24 * 3,
    )
    case = services.case_open(
        actor=coordinator,
        school=hauts,
        intake=intake,
        summary="Menace de diffusion d'une vidéo intime (sextorsion).",
    )
    services.case_person_add(
        actor=coordinator,
        case=case,
        label="A",
        name="Maya Roy",
        age=15,
        grade="4e secondaire",
        roles=["depicted", "producer", "sender"],
    )
    services.case_person_add(
        actor=coordinator,
        case=case,
        label="B",
        name="Jérémy Dubé",
        age=17,
        grade="5e secondaire",
        roles=["recipient", "possessor"],
    )
    services.case_grid_save(
        actor=coordinator,
        case=case,
        answers=_grid(
            people=[
                {"id": "A", "age": 15, "roles": ["depicted", "producer", "sender"]},
                {"id": "B", "age": 17, "roles": ["recipient", "possessor"]},
            ],
            medium="video",
            depiction="sexual_activity",
            stage="to_intended_recipient",
            audience="none",
            threats_or_extortion=True,
        ),
    )
    _steps_done(case, coordinator, ["protect_victim", "stop_dissemination", "secure_devices"])
    cases.append(case)

    # 5. A closed case at another school.
    intake = _intake(
        school=lac_vert,
        reporter=lac_coordinator,
        told_by="Élève de 1re secondaire",
        account="Une photo suggestive d'un élève (en maillot) a été montrée à deux amis.",
        students="Olivier M. (1re sec.)",
        circulation="Montrée sur un téléphone",
        minutes_ago=60 * 24 * 20,
    )
    case = services.case_open(
        actor=lac_coordinator,
        school=lac_vert,
        intake=intake,
        summary="Photo suggestive montrée à deux élèves.",
    )
    services.case_grid_save(
        actor=lac_coordinator,
        case=case,
        answers=_grid(
            people=[{"id": "A", "age": 12, "roles": ["depicted", "producer", "sender"]}],
            depiction="suggestive",
            audience="few",
        ),
    )
    for step in case.steps.all():
        services.case_step_update(
            actor=lac_coordinator,
            step=step,
            state=CaseStep.State.DONE
            if step.key
            in {
                "protect_victim",
                "stop_dissemination",
                "evaluate_grid",
                "inform_parents",
                "educational_follow_up",
            }
            else CaseStep.State.NOT_APPLICABLE,
            note=""
            if step.key
            in {
                "protect_victim",
                "stop_dissemination",
                "evaluate_grid",
                "inform_parents",
                "educational_follow_up",
            }
            else "Suivi scolaire seulement selon la grille.",
        )
    case.refresh_from_db()
    services.case_close(
        actor=lac_coordinator,
        case=case,
        outcome="Rencontre éducative tenue, parents informés, photo supprimée "
        "des deux téléphones en présence des parents.",
    )
    cases.append(case)

    for case, days in zip(cases, [0.05, 3, 20], strict=True):
        _backdate(case, days=days)
    write(f"Kit: {Intake.objects.count()} intakes, {Case.objects.count()} cases.")
    return cases
