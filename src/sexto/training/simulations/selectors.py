"""Reads of the simulations: a learner's attempts, each only to its learner; what a level's
submission carries as evidence."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.http import Http404
from django.utils.translation import gettext as _

from sexto.core.errors import DomainError, NotFoundOrForbidden
from sexto.directory.types import Actor, Viewer
from sexto.training import selectors as training
from sexto.training.errors import LevelNotOpen, NotEligible, PrerequisiteMissing
from sexto.training.models import Level
from sexto.training.simulation_models import SimulationAttempt
from sexto.training.simulations.scenarios import (
    SCENARIOS_BY_KEY,
    Scenario,
    scenarios_for_level,
)


def _slugs(level: Any) -> tuple[str, str]:
    """(program slug, level slug) of a training Level, of such a pair, or of a bare level slug
    (the Sexto program's)."""
    if isinstance(level, tuple):
        return str(level[0]), str(level[1])
    if isinstance(level, str):
        return "sexto", level
    program = getattr(level, "program", None)
    return getattr(program, "slug", "sexto"), str(level.slug)


@dataclass
class ScenarioProgress:
    """One case of the level for one learner: their attempts, newest first, and the best."""

    scenario: Scenario
    attempts: list[SimulationAttempt]

    @property
    def finished(self) -> list[SimulationAttempt]:
        return [a for a in self.attempts if a.finished_at is not None]

    @property
    def best(self) -> SimulationAttempt | None:
        """The highest score; the earliest of equal ones."""
        finished = sorted(self.finished, key=lambda a: (-(a.score or 0), a.started_at))
        return finished[0] if finished else None

    @property
    def open_attempt(self) -> SimulationAttempt | None:
        return next((a for a in self.attempts if a.finished_at is None), None)

    @property
    def passed(self) -> bool:
        return any(a.passed for a in self.finished)


def simulation_progress(*, user: Actor, level: Any) -> list[ScenarioProgress]:
    """Each case of the level with this learner's attempts (two queries whatever the count)."""
    program_slug, level_slug = _slugs(level)
    scenarios = scenarios_for_level(program_slug=program_slug, level_slug=level_slug)
    attempts = list(
        SimulationAttempt.objects.filter(
            user=user, program_slug=program_slug, level_slug=level_slug
        ).order_by("-started_at")
    )
    return [ScenarioProgress(s, [a for a in attempts if a.scenario == s.key]) for s in scenarios]


def simulation_start_refusal(
    *, user: Actor, program_slug: str, level_slug: str
) -> DomainError | None:
    """Why this user may not start the level's simulations, or None. They need the level's
    eligibility (DESIGN.md): staff in a territory with an agreement in force, and every
    prerequisite level approved (the Explorateur before the Architecte)."""
    level = Level.objects.filter(program__slug=program_slug, slug=level_slug).first()
    if level is None:
        return NotFoundOrForbidden(_("No such simulation."))
    if not level.is_open:
        return LevelNotOpen(_("This level is coming: it cannot be taken yet."))
    eligibility = training.learner_eligibility(user=user)
    if not eligibility.eligible:
        return NotEligible(
            _("The simulations are open to those who may earn this level's badge. %(reason)s")
            % {"reason": eligibility.reason}
        )
    missing = training.prerequisites_missing(user=user, level=level)
    if missing:
        return PrerequisiteMissing(
            _("Complete the level %(level)s first: the simulations open once it is approved.")
            % {"level": missing[0].title}
        )
    return None


def attempt_get_for(*, user: Viewer, attempt_id: UUID | str) -> SimulationAttempt:
    """The attempt if it is this user's; otherwise Http404 (nobody else sees it)."""
    if not user.is_authenticated:
        raise Http404(_("No such simulation among yours."))
    attempt = (
        SimulationAttempt.objects.filter(pk=attempt_id, user=user).select_related("case").first()
    )
    if attempt is None or attempt.scenario not in SCENARIOS_BY_KEY:
        raise Http404(_("No such simulation among yours."))
    return attempt


def attempt_for_case(*, user: Viewer, case_id: UUID | str) -> SimulationAttempt:
    """The attempt a simulation case belongs to, if it is this user's; otherwise Http404."""
    if not user.is_authenticated:
        raise Http404(_("No such simulation among yours."))
    attempt = SimulationAttempt.objects.filter(case_id=case_id, user=user).first()
    if attempt is None:
        raise Http404(_("No such simulation among yours."))
    return attempt


def simulations_all_passed(*, user: Actor, level: Any) -> bool:
    """True when every case of the level has a finished attempt at or above the pass mark (a
    level without cases is never passed this way)."""
    progress = simulation_progress(user=user, level=level)
    return bool(progress) and all(item.passed for item in progress)


def simulation_evidence(*, user: Actor, level: Any) -> dict[str, Any]:
    """A JSON snapshot for a submission: per case, the best attempt's score, answers and
    differences (the whole scoring report), and how many attempts were made."""
    program_slug, level_slug = _slugs(level)
    cases: list[dict[str, Any]] = []
    for item in simulation_progress(user=user, level=level):
        best = item.best
        entry: dict[str, Any] = {
            "scenario": item.scenario.key,
            "title": {"en": item.scenario.title.en, "fr": item.scenario.title.fr},
            "attempts": len(item.finished),
            "passed": item.passed,
        }
        if best is not None:
            report = best.report
            entry.update(
                {
                    "attempt": str(best.pk),
                    "finished_at": best.finished_at.isoformat() if best.finished_at else None,
                    "score": float(best.score or 0),
                    "pass_mark": report.get("pass_mark"),
                    "answers": report.get("answers"),
                    "route": report.get("route", {}).get("given"),
                    "actions": report.get("actions", {}).get("given"),
                    "differences": {
                        "grid": report.get("grid", {}).get("differences", []),
                        "route": report.get("route", {}),
                        "actions": {
                            "missing": report.get("actions", {}).get("missing", []),
                            "extra": report.get("actions", {}).get("extra", []),
                        },
                    },
                    "report": report,
                }
            )
        cases.append(entry)
    return {
        "kind": "simulations",
        "program": program_slug,
        "level": level_slug,
        "all_passed": bool(cases) and all(c["passed"] for c in cases),
        "cases": cases,
    }
