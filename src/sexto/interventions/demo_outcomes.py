"""Demo cases for the police and DPCP outcomes beyond impulsive and malicious (demo.py shows
those two): an investigation ended by extrajudicial sanctions, one ended by charges laid, a
referral with no further action, and an "other" outcome. All people are fictional."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from sexto.directory.models import School, User
from sexto.interventions import services
from sexto.interventions.demo import _backdate, _grid
from sexto.interventions.demo_common import DEMO_MARK
from sexto.interventions.models import Case, CaseStep, Referral
from sexto.interventions.outcomes import follow_ups_of
from sexto.interventions.services import referrals

INVESTIGATION_STEPS = [step.key for step in follow_ups_of("malicious")]


@dataclass(frozen=True)
class DemoOutcome:
    told_by: str
    account: str
    students: str
    circulation: str
    summary: str
    people: list[tuple[str, str, int, list[str]]]  # label, name, age, roles
    grid: dict[str, Any]
    file_number: str
    outcomes: list[tuple[str, str, str]]  # outcome, other text, note
    days_ago: int


DEMO_OUTCOMES = [
    DemoOutcome(
        told_by="Entraîneur de l’équipe de hockey",
        account="Une photo intime d’une élève de 15 ans a été transférée dans le groupe de "
        "discussion de l’équipe de hockey par un coéquipier de son ex-copain, pour se moquer "
        "d'elle.",
        students="Rosalie F. (4e sec.), Thomas V. (4e sec.)",
        circulation="Groupe Messenger de l’équipe (14 membres)",
        summary="Photo intime d’une élève de 15 ans transférée au groupe de l’équipe de hockey "
        "pour l’humilier.",
        people=[
            ("A", "Rosalie Fortin", 15, ["depicted", "producer", "sender"]),
            ("B", "Thomas Vézina", 15, ["distributor"]),
        ],
        grid={"depiction": "breasts_or_buttocks", "audience": "many", "intent_to_harm": True},
        file_number="SPSJ-26-002870",
        outcomes=[
            ("malicious", "", "Enquête confiée à l’agente Caron."),
            (
                "extrajudicial",
                "",
                "Sanction extrajudiciaire : programme de réparation de 20 heures et lettre "
                "d'excuses, suivi par l'organisme de justice alternative.",
            ),
        ],
        days_ago=45,
    ),
    DemoOutcome(
        told_by="Élève de 5e secondaire (victime)",
        account="Un élève de 17 ans a publié sur un compte anonyme des vidéos intimes de deux "
        "élèves obtenues par menace.",
        students="Chloé P. (5e sec.), Léonie M. (4e sec.), William T. (5e sec.)",
        circulation="Compte anonyme sur Instagram, signalé à la plateforme",
        summary="Vidéos intimes de deux élèves publiées sur un compte anonyme après des menaces.",
        people=[
            ("A", "Chloé Pelletier", 16, ["depicted", "producer", "sender"]),
            ("B", "Léonie Morin", 15, ["depicted", "producer", "sender"]),
            ("C", "William Tremblay", 17, ["requester", "possessor", "distributor"]),
        ],
        grid={
            "depiction": "sexual_activity",
            "medium": "video",
            "audience": "public",
            "posted_online": True,
            "threats_or_extortion": True,
        },
        file_number="SPSJ-26-002514",
        outcomes=[
            ("malicious", "", "Enquête de la section des crimes majeurs."),
            (
                "charges",
                "",
                "Accusations déposées par le DPCP (Chambre de la jeunesse, Saint-Jérôme).",
            ),
        ],
        days_ago=60,
    ),
    DemoOutcome(
        told_by="Technicienne en éducation spécialisée",
        account="Deux élèves de 16 ans en couple ont échangé des photos intimes; rien n’a été "
        "transféré selon les deux élèves.",
        students="Jade L. (5e sec.), Nathan B. (5e sec.)",
        circulation="Échange privé entre les deux élèves",
        summary="Échange consensuel de photos intimes entre deux élèves de 16 ans, sans diffusion.",
        people=[
            ("A", "Jade Lachance", 16, ["depicted", "producer", "sender", "recipient"]),
            ("B", "Nathan Boucher", 16, ["depicted", "producer", "sender", "recipient"]),
        ],
        grid={
            "depiction": "breasts_or_buttocks",
            "stage": "to_intended_recipient",
            "consent": "yes",
            "audience": "none",
        },
        file_number="SPSJ-26-003302",
        outcomes=[
            (
                "no_offence",
                "",
                "Aucune infraction retenue : échange consensuel entre élèves du même âge, sans "
                "diffusion.",
            )
        ],
        days_ago=30,
    ),
    DemoOutcome(
        told_by="Élève de 3e secondaire (victime)",
        account="Un adulte rencontré en ligne, qui habite Laval, demande des photos intimes à "
        "une élève de 14 ans.",
        students="Camille D. (3e sec.)",
        circulation="Messages privés sur Discord",
        summary="Un adulte d’une autre ville sollicite des photos intimes d’une élève de 14 ans.",
        people=[("A", "Camille Dion", 14, ["depicted"])],
        grid={
            "depiction": "none",
            "stage": "none",
            "audience": "none",
            "adult_involved": True,
            "grooming": True,
        },
        file_number="SPSJ-26-003655",
        outcomes=[
            (
                "other",
                "Dossier transféré au Service de police de Laval, où réside l’adulte en cause.",
                "Enquêteur de Laval joint; il communiquera avec l’école.",
            )
        ],
        days_ago=21,
    ),
]


def _demo_outcome_case(
    spec: DemoOutcome, *, school: School, coordinator: User, reporter: User, police: User
) -> Case:
    intake = services.intake_create(
        reporter=reporter,
        school=school,
        told_at=timezone.now() - datetime.timedelta(minutes=40),
        told_by=f"{spec.told_by} {DEMO_MARK}",
        account=spec.account,
        students=spec.students,
        circulation=spec.circulation,
    )
    case = services.case_open(actor=coordinator, school=school, intake=intake, summary=spec.summary)
    for label, name, age, roles in spec.people:
        services.case_person_add(
            actor=coordinator,
            case=case,
            label=label,
            name=name,
            age=age,
            grade="secondaire",
            roles=roles,
        )
    grid = dict(spec.grid)
    answers = _grid(
        people=[{"id": label, "age": age, "roles": roles} for label, _n, age, roles in spec.people],
        depiction=grid.pop("depiction"),
        medium=grid.pop("medium", "photo"),
        stage=grid.pop("stage", "redistributed"),
        consent=grid.pop("consent", "unknown"),
        audience=grid.pop("audience", "few"),
        posted_online=grid.pop("posted_online", False),
        **grid,
    )
    services.case_grid_save(actor=coordinator, case=case, answers=answers)
    for step in case.steps.filter(key__in=["protect_victim", "stop_dissemination"]):
        services.case_step_update(actor=coordinator, step=step, state=CaseStep.State.DONE)
    referral = referrals.referral_create(
        actor=coordinator,
        case=case,
        police_contacted_at=timezone.now() - datetime.timedelta(minutes=20),
    )
    referrals.referral_acknowledge(
        actor=police, referral=referral, police_file_number=spec.file_number
    )
    for outcome, other_text, note in spec.outcomes:
        referral.refresh_from_db()
        referrals.determination_record(
            actor=police,
            referral=referral,
            determination=outcome,
            other_text=other_text,
            note=note,
            version=referral.version,
        )
    if len(spec.outcomes) > 1:
        # The investigation is over: the school supported the victim and kept in touch.
        for step in case.steps.filter(key__in=INVESTIGATION_STEPS):
            services.case_step_update(actor=coordinator, step=step, state=CaseStep.State.DONE)
    case.refresh_from_db()
    days = _days_back(spec.days_ago)
    _backdate(case, days=days)
    _referral_times(referral, days_ago=days, steps=len(spec.outcomes))
    return case


def _days_back(wanted: float) -> float:
    """As far back as wanted, but inside this quarter: the statistics' demo history fills the
    quarters before it, and takes a case found there for its own."""
    now = timezone.localtime()
    start = now.replace(month=3 * ((now.month - 1) // 3) + 1, day=1, hour=0, minute=0, second=0)
    return min(wanted, 0.9 * (now - start).total_seconds() / 86400)


def _referral_times(referral: Referral, *, days_ago: float, steps: int) -> None:
    """Believable times: contacted on the day, determined some hours later, the investigation's
    end (when there is one) weeks later, never in the future."""
    referral.refresh_from_db()
    now = timezone.now()
    contacted = referral.police_contacted_at - datetime.timedelta(days=days_ago)
    determined = min(contacted + datetime.timedelta(hours=22), now)
    later = datetime.timedelta(days=24 if steps > 1 else 0)
    outcome_at = min(determined + later, now)
    Referral.objects.filter(pk=referral.pk).update(
        referred_at=contacted,
        police_contacted_at=contacted,
        acknowledged_at=contacted + datetime.timedelta(minutes=40),
        determined_at=determined,
        outcome_at=outcome_at,
        investigation_opened_at=determined if referral.investigation_opened_at else None,
    )
    Case.all_objects.filter(pk=referral.case_id).update(
        police_contacted_at=contacted, determined_at=determined
    )


def demo_outcomes_seed(write: Callable[[str], None]) -> list[Case]:
    """One open case per outcome not shown by the kit's demo (after it), each with its follow-ups;
    seeding twice adds nothing."""
    if Referral.objects.filter(police_file_number=DEMO_OUTCOMES[0].file_number).exists():
        write("Outcomes: demo cases already present.")
        return []
    school = School.objects.get(ministry_code="751001")
    coordinator = User.objects.get(email="coordination@hauts-sommets.demo")
    reporter = User.objects.get(email="enseignant@hauts-sommets.demo")
    police = User.objects.get(email="liaison@police-saint-jerome.demo")
    cases = [
        _demo_outcome_case(
            spec, school=school, coordinator=coordinator, reporter=reporter, police=police
        )
        for spec in DEMO_OUTCOMES
    ]
    write(f"Outcomes: {len(cases)} cases, one per police and DPCP outcome beyond the kit's.")
    return cases
