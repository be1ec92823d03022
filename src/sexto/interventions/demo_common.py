"""Helpers the demo's modules share: demo people, grid answers, intakes, steps. All people are
fictional."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from sexto.directory.models import School, User
from sexto.interventions import services
from sexto.interventions.models import Case, CaseStep, Intake

DEMO_MARK = "[démo]"


def user_get(email: str) -> User:
    return User.objects.get(email=email)


def grid_answers(
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


def intake_file(
    *,
    school: School,
    reporter: User,
    told_by: str,
    account: str,
    students: str,
    circulation: str,
    minutes_ago: int = 20,
    heard_by: tuple[User, ...] = (),
) -> Intake:
    return services.intake_create(
        reporter=reporter,
        school=school,
        told_at=timezone.now() - datetime.timedelta(minutes=minutes_ago),
        told_by=f"{told_by} {DEMO_MARK}",
        account=account,
        students=students,
        circulation=circulation,
        heard_by=heard_by,
    )


def steps_done(case: Case, actor: User, keys: list[str]) -> None:
    for step in case.steps.filter(key__in=keys):
        services.case_step_update(actor=actor, step=step, state=CaseStep.State.DONE)
