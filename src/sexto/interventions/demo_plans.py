"""Demo cases that show the plan following the grid's route, one open case per route: the police
to call now (overdue, the loudest thing on the page and the work list), the Sexto procedure (the
police informed by the end of the school day), and a school follow-up whose police and device
steps are proposed as not applicable. All people are fictional."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from sexto.directory.models import School, User
from sexto.interventions import services
from sexto.interventions.demo_common import DEMO_MARK, grid_answers
from sexto.interventions.models import Case, CaseStep, ChronologyEntry, Intake

_grid = grid_answers  # its keyword arguments name what each demo case shows


def _shift(case: Case, *, minutes: int) -> None:
    """Move a fresh demo case back by some minutes, its grid and deadlines with it, so that its
    clock has run (the police step of the urgent case is overdue)."""
    shift = datetime.timedelta(minutes=minutes)
    case.refresh_from_db()
    Case.objects.filter(pk=case.pk).update(
        opened_at=case.opened_at - shift,
        grid_evaluated_at=case.grid_evaluated_at - shift if case.grid_evaluated_at else None,
    )
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


def _open(
    *,
    school: School,
    reporter: User,
    coordinator: User,
    told_by: str,
    account: str,
    summary: str,
    people: list[tuple[str, str, int, str, list[str]]],
    answers: dict[str, Any],
) -> Case:
    intake = services.intake_create(
        reporter=reporter,
        school=school,
        told_at=timezone.now() - datetime.timedelta(minutes=10),
        told_by=f"{told_by} {DEMO_MARK}",
        account=account,
        students=", ".join(f"{name} ({grade})" for _label, name, _age, grade, _roles in people),
    )
    case = services.case_open(actor=coordinator, school=school, intake=intake, summary=summary)
    for label, name, age, grade, roles in people:
        services.case_person_add(
            actor=coordinator, case=case, label=label, name=name, age=age, grade=grade, roles=roles
        )
    services.case_grid_save(actor=coordinator, case=case, answers=answers)
    return case


def demo_route_plans_seed(write: Callable[[str], None]) -> list[Case]:
    """One open case per route, with its plan (idempotent: the backup coordinator's intakes at
    Hauts-Sommets are this step's own)."""
    hauts = School.objects.get(ministry_code="751001")
    lac_vert = School.objects.get(ministry_code="751002")
    coordinator = User.objects.get(email="coordination@hauts-sommets.demo")
    backup = User.objects.get(email="backup@hauts-sommets.demo")
    lac_coordinator = User.objects.get(email="coordination@lac-vert.demo")
    if Intake.all_objects.filter(reported_by=backup, school=hauts).exists():
        write("Route plans: demo cases already present.")
        return []

    # police_immediately: sextortion under way; the grid was saved 40 minutes ago and nobody
    # has called the police yet: the banner tops the case page and the work list.
    urgent = _open(
        school=hauts,
        reporter=backup,
        coordinator=coordinator,
        told_by="Élève de 2e secondaire (victime), au local de la TES",
        account="Un compte inconnu menace d’envoyer à toute la classe une photo intime de "
        "Clara si elle ne lui en envoie pas d’autres d’ici ce soir. Un élève de 4e relaie "
        "les menaces.",
        summary="Sextorsion en cours : menaces de diffusion d’une photo intime, demandes de "
        "nouvelles images.",
        people=[
            ("A", "Clara Pelletier", 13, "2e secondaire", ["depicted", "producer", "sender"]),
            ("B", "Antoine Lévesque", 16, "4e secondaire", ["recipient", "requester"]),
        ],
        answers=_grid(
            people=[
                {"id": "A", "age": 13, "roles": ["depicted", "producer", "sender"]},
                {"id": "B", "age": 16, "roles": ["recipient", "requester"]},
            ],
            depiction="breasts_or_buttocks",
            stage="to_intended_recipient",
            audience="none",
            threats_or_extortion=True,
        ),
    )
    services.case_step_update(
        actor=coordinator,
        step=urgent.steps.get(key="protect_victim"),
        state=CaseStep.State.DONE,
        note="Clara est avec la TES; elle ne répond plus aux messages.",
    )
    _shift(urgent, minutes=40)

    # sexto_procedure: an impulsive redistribution told this morning; the police are to be
    # informed by the end of the school day.
    same_day = _open(
        school=hauts,
        reporter=backup,
        coordinator=coordinator,
        told_by="Enseignante de français de 3e secondaire",
        account="Une photo de William (15 ans) en sous-vêtements, envoyée à sa copine, a été "
        "transférée par celle-ci à deux amies.",
        summary="Photo intime d’un élève de 15 ans transférée à deux élèves par la destinataire.",
        people=[
            ("A", "William Fortin", 15, "3e secondaire", ["depicted", "producer", "sender"]),
            ("B", "Léonie Caron", 15, "3e secondaire", ["recipient", "distributor"]),
        ],
        answers=_grid(
            people=[
                {"id": "A", "age": 15, "roles": ["depicted", "producer", "sender"]},
                {"id": "B", "age": 15, "roles": ["recipient", "distributor"]},
            ],
            depiction="breasts_or_buttocks",
            stage="redistributed",
            audience="few",
        ),
    )
    for key in ("protect_victim", "stop_dissemination"):
        services.case_step_update(
            actor=coordinator, step=same_day.steps.get(key=key), state=CaseStep.State.DONE
        )
    _shift(same_day, minutes=25)

    # school_follow_up: a suggestive selfie sent only to the one it was meant for; the police
    # and device steps are proposed as not applicable, for the coordinator to confirm.
    follow_up = _open(
        school=lac_vert,
        reporter=lac_coordinator,
        coordinator=lac_coordinator,
        told_by="Élève de 4e secondaire (la destinataire)",
        account="Un élève lui a envoyé une photo de lui torse nu, en pose suggestive; elle ne "
        "l’a montrée à personne et l’a supprimée.",
        summary="Photo suggestive envoyée à une seule élève, non retransmise.",
        people=[
            ("A", "Mathis Girard", 15, "4e secondaire", ["depicted", "producer", "sender"]),
            ("B", "Rosalie Nadeau", 15, "4e secondaire", ["recipient"]),
        ],
        answers=_grid(
            people=[
                {"id": "A", "age": 15, "roles": ["depicted", "producer", "sender"]},
                {"id": "B", "age": 15, "roles": ["recipient"]},
            ],
            depiction="suggestive",
            stage="to_intended_recipient",
            audience="none",
        ),
    )
    _shift(follow_up, minutes=15)

    cases = [urgent, same_day, follow_up]
    write(f"Route plans: {', '.join(str(case.number) for case in cases)}.")
    return cases
