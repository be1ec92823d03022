"""Factories of the statistics: closed cases over past quarters, enough to fill the tables.

The statistics count closed cases by quarter, route, nature and school level. A history of
live cases opened through the services would take minutes; like the demo's history, these
closed cases are written directly, with their intake, steps and referral, at the world's schools.
"""

from __future__ import annotations

import datetime
import random
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from sexto.directory.models import School, User
from sexto.interventions.models import Case, CaseStep, Intake, Referral
from sexto.interventions.procedure import PROCEDURE
from sexto.interventions.services import number_next
from sexto.stats.models import SchoolLevel

HISTORY_TEXT = "Dossier historique fictif, sans détail."
# (route, nature, weight): a believable mix, most cases impulsive.
PROFILES = (
    ("police_immediately", "malicious", 2),
    ("sexto_procedure", "impulsive", 5),
    ("school_follow_up", "impulsive", 2),
    ("school_follow_up", "not_sexting", 1),
)


def _hours(rng: random.Random, low: float, high: float) -> datetime.timedelta:
    return datetime.timedelta(hours=rng.uniform(low, high))


def history_case_create(
    *, rng: random.Random, school: School, coordinator: User, opened: datetime.datetime
) -> Case:
    """One closed case opened at `opened`, its route and nature drawn from PROFILES."""
    route, nature = rng.choices(
        [(r, n) for r, n, _w in PROFILES], weights=[w for _r, _n, w in PROFILES]
    )[0]
    filed = opened - _hours(rng, 0.2, 20)
    year = timezone.localtime(opened).year
    intake = Intake.objects.create(
        school=school,
        reported_by=coordinator,
        created_at=filed,
        told_at=filed - _hours(rng, 0, 30),
        told_by=HISTORY_TEXT,
        account=HISTORY_TEXT,
        status=Intake.Status.OPENED,
        triaged_at=opened,
        triaged_by=coordinator,
        reference=number_next(holder_id=school.organisation_id, kind="SIG", year=year),
    )
    contacted = determined = None
    if route == "police_immediately":
        contacted = opened + _hours(rng, 0.3, 4)
    elif route == "sexto_procedure":
        contacted = opened + _hours(rng, 2, 60)
    if contacted is not None and rng.random() < 0.9:
        determined = contacted + _hours(rng, 10, 300)
    case = Case.objects.create(
        school=school,
        holder_id=school.organisation_id,
        intake=intake,
        number=number_next(holder_id=school.organisation_id, kind="SX", year=year),
        status=Case.Status.CLOSED,
        opened_at=opened,
        opened_by=coordinator,
        lead=coordinator,
        summary=HISTORY_TEXT,
        grid_rules_version="1",
        grid_evaluated_at=opened + _hours(rng, 0.2, 2),
        route=route,
        nature=nature,
        youth_protection="not_indicated",
        police_contacted_at=contacted,
        determination=("malicious" if nature == "malicious" else "impulsive") if determined else "",
        determined_at=determined,
        closed_at=(determined or contacted or opened) + _hours(rng, 24 * 3, 24 * 40),
        outcome=HISTORY_TEXT,
    )
    CaseStep.objects.bulk_create(
        [
            CaseStep(
                case=case,
                key=step.key,
                position=position,
                state=CaseStep.State.DONE,
                done_by=coordinator,
                done_at=opened + (step.due_after or datetime.timedelta(hours=8)),
            )
            for position, step in enumerate(PROCEDURE, start=1)
        ]
    )
    if contacted is not None:
        Referral.objects.create(
            case=case,
            police_force=school.territory.police_force,
            referred_by=coordinator,
            referred_at=contacted,
            police_contacted_at=contacted,
            acknowledged_at=contacted + _hours(rng, 0.2, 3),
            determination=case.determination,
            determined_at=determined,
        )
    return case


def quarter_start(day: datetime.date) -> datetime.date:
    """The first day of the day's calendar quarter (the statistics publish by quarter)."""
    return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def _quarters_before(day: datetime.date, count: int) -> list[datetime.date]:
    starts = []
    current = quarter_start(day)
    for _n in range(count):
        month = current.month - 3
        current = (
            datetime.date(current.year - 1, month + 12, 1)
            if month < 1
            else datetime.date(current.year, month, 1)
        )
        starts.append(current)
    return sorted(starts)


def history_build(*, schools: list[tuple[School, User, int, int]], quarters: int = 8) -> int:
    """Closed cases over the `quarters` quarters before this one: for each (school, coordinator,
    fewest, most), between fewest and most cases a quarter. Seeded by quarter and school, so the
    same history every run. Every school is marked secondary. Returns how many were made."""
    zone = ZoneInfo(settings.TIME_ZONE)
    for school, _coordinator, _fewest, _most in schools:
        SchoolLevel.objects.update_or_create(
            school=school, defaults={"level": SchoolLevel.Level.SECONDARY}
        )
    made = 0
    for start in _quarters_before(timezone.localdate(), quarters):
        begin = datetime.datetime.combine(start, datetime.time(8), tzinfo=zone)
        for school, coordinator, fewest, most in schools:
            rng = random.Random(f"{start.isoformat()}:{school.ministry_code}")
            for _n in range(rng.randint(fewest, most)):
                opened = begin + datetime.timedelta(days=rng.uniform(0, 88))
                history_case_create(rng=rng, school=school, coordinator=coordinator, opened=opened)
                made += 1
    return made
