"""Writes of the simulations: start an attempt (a simulation case of the kit), finish it (score).

Simulations write no audit events (DESIGN.md): the case is fictional, the kit's services skip
auditing for it, and nothing here calls audit_record either.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from sexto.core.errors import Conflict, DomainError, NotFoundOrForbidden
from sexto.directory.models import Membership, School, User
from sexto.interventions import grid
from sexto.interventions import services as kit
from sexto.interventions.models import Case, CaseStep
from sexto.interventions.selectors import case_grid
from sexto.training.simulation_models import SimulationAttempt
from sexto.training.simulations.scenarios import SCENARIOS_BY_KEY, Scenario
from sexto.training.simulations.scoring import Played, score_compute
from sexto.training.simulations.selectors import simulation_start_refusal


class SimulationNotScorable(DomainError):
    """The attempt cannot be scored yet (e.g. the grid is not filled on the case)."""

    code = "simulation_not_scorable"
    status = 422


def simulation_pass_mark() -> float:
    """The pass mark in percent (setting SIMULATION_PASS_MARK, 80 by default)."""
    return float(getattr(settings, "SIMULATION_PASS_MARK", 80))


def simulation_school_for(*, user: User) -> School:
    """The school the fictional case is filed under: the learner's own school, else a school of
    their organisation, else the first school (the case is invisible to everyone but them)."""
    memberships = Membership.objects.current().filter(user=user)
    school_id = memberships.filter(school__isnull=False).values_list("school", flat=True).first()
    school = School.objects.filter(pk=school_id).first() if school_id else None
    if school is None:
        organisations = memberships.values("organisation")
        school = School.objects.filter(organisation__in=organisations).order_by("name").first()
    if school is None:
        school = School.objects.order_by("name").first()
    if school is None:
        raise DomainError(_("No school exists yet to hold a simulation case."))
    return school


def scenario_get(*, program_slug: str, level_slug: str, key: str) -> Scenario:
    scenario = SCENARIOS_BY_KEY.get(key)
    if scenario is None or (scenario.program_slug, scenario.level_slug) != (
        program_slug,
        level_slug,
    ):
        raise NotFoundOrForbidden(_("No such simulation."))
    return scenario


def simulation_start(
    *,
    user: User,
    program_slug: str,
    level_slug: str,
    scenario_key: str,
    request: HttpRequest | None = None,
) -> SimulationAttempt:
    """A new attempt: a simulation case of the kit (no number, no notification, no audit; the
    learner its only team member) with the scenario's people under their fixed labels. Refused,
    with the reason, to anyone without the level's eligibility."""
    scenario = scenario_get(program_slug=program_slug, level_slug=level_slug, key=scenario_key)
    refusal = simulation_start_refusal(user=user, program_slug=program_slug, level_slug=level_slug)
    if refusal is not None:
        raise refusal
    school = simulation_school_for(user=user)
    with transaction.atomic():
        case = kit.case_open(
            actor=user,
            school=school,
            summary=str(scenario.situation),
            simulation=True,
            request=request,
        )
        for person in scenario.people:
            kit.case_person_add(
                actor=user,
                case=case,
                label=person.id,
                name=f"{person.name} — {person.description}",
                request=request,
            )
        attempt = SimulationAttempt.objects.create(
            user=user,
            program_slug=scenario.program_slug,
            level_slug=scenario.level_slug,
            scenario=scenario.key,
            case=case,
        )
    return attempt


def simulation_played(*, case: Case) -> Played:
    """What the learner did on the simulation case: grid answers, decided route, steps done."""
    answers, _result = case_grid(case)
    if not answers:
        raise SimulationNotScorable(
            _("Fill in the evaluation grid on the case before finishing: it is half the score.")
        )
    done = frozenset(
        CaseStep.objects.filter(case=case, state=CaseStep.State.DONE).values_list("key", flat=True)
    )
    return Played(answers=answers, decided_route=case.decided_route, steps_done=done)


def simulation_finish(*, user: User, attempt: SimulationAttempt) -> SimulationAttempt:
    """Score the attempt from its case, once; the report explains every difference."""
    if attempt.user_id != user.pk:
        raise NotFoundOrForbidden(_("No such simulation."))
    if attempt.finished_at is not None:
        raise Conflict(_("This attempt is already scored: start a new one to try again."))
    scenario = SCENARIOS_BY_KEY[attempt.scenario]
    case = Case.all_objects.get(pk=attempt.case_id)
    played = simulation_played(case=case)
    try:
        report: dict[str, Any] = score_compute(
            scenario=scenario, played=played, pass_mark=simulation_pass_mark()
        )
    except grid.IncidentInvalid as invalid:
        # Stored answers are always valid (the case's grid form checks them); say so if not.
        raise SimulationNotScorable(
            _("The grid on the case is not valid: %(errors)s") % {"errors": invalid}
        ) from None
    with transaction.atomic():
        locked = SimulationAttempt.objects.select_for_update().get(pk=attempt.pk)
        if locked.finished_at is not None:
            raise Conflict(_("This attempt is already scored: start a new one to try again."))
        locked.finished_at = timezone.now()
        locked.score = Decimal(str(report["score"]))
        locked.passed = bool(report["passed"])
        locked.report_json = json.dumps(report, ensure_ascii=False)
        locked.save(update_fields=["finished_at", "score", "passed", "report_json"])
    return locked
