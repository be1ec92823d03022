"""Demo history for the statistics: closed cases in the eight quarters before this one.

The kit's demo has only a handful of live cases, all in this quarter: every cell would be
under 5 and the charts would show nothing. This step adds fictional closed cases (no names,
no narrative: a neutral "[démo]" sentence) to the service centre's two schools with an
agreement, written straight to the models in bulk because they describe the past (services
stamp "now"). Numbers still come from the gap-free counters. One audit event per run records
the seeding. Idempotent: nothing is added if the service centre already has older cases.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from sexto.audit.services import audit_record
from sexto.directory.models import Organisation, School, User
from sexto.interventions.models import Case, CaseStep, Intake, Referral
from sexto.interventions.procedure import PROCEDURE
from sexto.interventions.services.cases import INTAKE_PREFIX_BEFORE, number_next
from sexto.stats.models import SchoolLevel

DEMO_TEXT = "[démo] Dossier historique fictif, sans détail."
HISTORY_QUARTERS = 8
# (ministry code, coordinator's email, fewest and most cases per quarter)
SCHOOLS = (
    ("751001", "coordination@hauts-sommets.demo", 5, 13),
    ("751002", "coordination@lac-vert.demo", 1, 7),
)
# (route, nature, weight): a believable mix, most cases impulsive.
PROFILES = (
    ("police_immediately", "malicious", 2),
    ("sexto_procedure", "impulsive", 5),
    ("school_follow_up", "impulsive", 2),
    ("school_follow_up", "not_sexting", 1),
)
LEVELS = {
    "751001": SchoolLevel.Level.SECONDARY,
    "751002": SchoolLevel.Level.SECONDARY,
    "752001": SchoolLevel.Level.SECONDARY,
    "881001": SchoolLevel.Level.SECONDARY,
}


def quarter_start(day: datetime.date) -> datetime.date:
    return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def quarters_before(day: datetime.date, count: int) -> list[datetime.date]:
    starts = []
    current = quarter_start(day)
    for _i in range(count):
        month = current.month - 3
        current = (
            datetime.date(current.year - 1, month + 12, 1)
            if month < 1
            else datetime.date(current.year, month, 1)
        )
        starts.append(current)
    return sorted(starts)


def _hours(rng: random.Random, low: float, high: float) -> datetime.timedelta:
    return datetime.timedelta(hours=rng.uniform(low, high))


def history_outcome(nature: str, determined: datetime.datetime) -> str:
    """The police and DPCP outcome of a fictional case, drawn apart from the history's generator
    (whose sequence the statistics tests rely on): impulsive cases mostly end in awareness
    meetings, malicious ones in charges, extrajudicial measures or no further action."""
    draw = random.Random(determined.timestamp()).random()
    if nature == "malicious":
        for outcome, below in (("charges", 0.3), ("extrajudicial", 0.65), ("no_offence", 0.9)):
            if draw < below:
                return outcome
        return "malicious"
    if draw < 0.8:
        return "impulsive"
    return "no_offence" if draw < 0.95 else "other"


def history_case_create(
    *, rng: random.Random, school: School, coordinator: User, opened: datetime.datetime
) -> Case:
    """One closed fictional case opened at `opened` (with its intake, steps and, when the police
    were contacted, its referral), its route and nature drawn from PROFILES; written directly,
    since a history of cases opened through the services would take minutes."""
    route, nature = rng.choices(
        [(r, n) for r, n, _w in PROFILES], weights=[w for _r, _n, w in PROFILES]
    )[0]
    filed = opened - _hours(rng, 0.2, 20)
    local = timezone.localtime(opened)
    intake = Intake.objects.create(
        school=school,
        reported_by=coordinator,
        created_at=filed,
        told_at=filed - _hours(rng, 0, 30),
        told_by=DEMO_TEXT,
        account=DEMO_TEXT,
        status=Intake.Status.OPENED,
        triaged_at=opened,
        triaged_by=coordinator,
        # A history of reports filed before the DEC- prefix: they keep their SIG- reference.
        reference=number_next(
            holder_id=school.organisation_id, kind=INTAKE_PREFIX_BEFORE, year=local.year
        ),
    )
    contacted = determined = None
    if route == "police_immediately":
        contacted = opened + _hours(rng, 0.3, 4)
    elif route == "sexto_procedure":
        contacted = opened + _hours(rng, 2, 60)
    if contacted is not None and rng.random() < 0.9:
        determined = contacted + _hours(rng, 10, 300)
    closed = (determined or contacted or opened) + _hours(rng, 24 * 3, 24 * 40)
    case = Case.objects.create(
        school=school,
        holder_id=school.organisation_id,
        intake=intake,
        number=number_next(holder_id=school.organisation_id, kind="SX", year=local.year),
        status=Case.Status.CLOSED,
        opened_at=opened,
        opened_by=coordinator,
        lead=coordinator,
        summary=DEMO_TEXT,
        grid_rules_version="1",
        grid_evaluated_at=opened + _hours(rng, 0.2, 2),
        route=route,
        nature=nature,
        youth_protection="not_indicated",
        police_contacted_at=contacted,
        determination=history_outcome(nature, determined) if determined else "",
        determined_at=determined,
        closed_at=closed,
        outcome=DEMO_TEXT,
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
            determination_other=DEMO_TEXT if case.determination == "other" else "",
            determined_at=determined,
            outcome_at=determined,
        )
    return case


def demo_history_seed(write: Callable[[str], None]) -> int:
    """Closed fictional cases over the last eight quarters; returns how many were added."""
    for code, level in LEVELS.items():
        school = School.objects.filter(ministry_code=code).first()
        if school is not None:
            SchoolLevel.objects.update_or_create(school=school, defaults={"level": level})
    holder = Organisation.objects.filter(slug="css-mille-lacs").first()
    if holder is None:
        write("Statistics: no demo directory, no history added.")
        return 0
    zone = ZoneInfo(settings.TIME_ZONE)
    today = timezone.localdate()
    this_quarter = datetime.datetime.combine(quarter_start(today), datetime.time(), tzinfo=zone)
    if Case.objects.filter(holder=holder, opened_at__lt=this_quarter).exists():
        write("Statistics: demo history already present.")
        return 0
    added = 0
    with transaction.atomic():
        for start in quarters_before(today, HISTORY_QUARTERS):
            begin = datetime.datetime.combine(start, datetime.time(8), tzinfo=zone)
            for code, email, fewest, most in SCHOOLS:
                school = School.objects.select_related("territory__police_force").get(
                    ministry_code=code
                )
                coordinator = User.objects.get(email=email)
                # Seeded by quarter and school: the same history on every machine.
                rng = random.Random(f"{start.isoformat()}:{code}")
                for _n in range(rng.randint(fewest, most)):
                    opened = begin + datetime.timedelta(days=rng.uniform(0, 88))
                    history_case_create(
                        rng=rng, school=school, coordinator=coordinator, opened=opened
                    )
                    added += 1
        audit_record(
            actor="system",
            action="demo.history_seed",
            target=("interventions.case", "demo-history"),
            chain=holder.audit_chain,
            changes={"cases": added},
        )
    write(f"Statistics: {added} closed demo cases over {HISTORY_QUARTERS} past quarters.")
    return added
