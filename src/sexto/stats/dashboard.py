"""The dashboards (issue 18): for a principal, their school; for the service centre's Sexto lead
and its administrators, their schools. Counts only — open cases by age, overdue steps, referrals
awaiting the police's acknowledgement or the DPCP's determination, DPJ duties pending, schools
without a trained coordinator — each with a link only where the viewer may open what it counts
(a principal their school's work list); never a case's content. Simulations are never counted.

A handful of grouped queries whatever the number of cases (bench/dashboard.py: p95 at 10,000).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from uuid import UUID

from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy

from sexto.credentials.coverage import COVERAGE_BADGE
from sexto.credentials.models import Award
from sexto.directory.models import Membership, Role, School
from sexto.directory.permissions import organisations_where, schools_where
from sexto.directory.types import Viewer
from sexto.interventions.models import Case, CaseStep, Referral
from sexto.interventions.selectors.around import YOUTH_PROTECTION_DUTY

# Open cases by age, in days since opening: (label key, lower bound inclusive, upper exclusive).
AGE_BANDS: tuple[tuple[str, int, int | None], ...] = (
    ("week", 0, 8),
    ("month", 8, 31),
    ("quarter", 31, 91),
    ("older", 91, None),
)
AGE_LABELS = (
    ("week", gettext_lazy("Opened this week")),
    ("month", gettext_lazy("8 to 30 days")),
    ("quarter", gettext_lazy("31 to 90 days")),
    ("older", gettext_lazy("More than 90 days")),
)
# The figures of each school, in the order the page shows them.
FIGURES = (
    ("open_cases", gettext_lazy("Open cases")),
    ("overdue_steps", gettext_lazy("Overdue steps")),
    ("awaiting_acknowledgement", gettext_lazy("Referrals awaiting the police's acknowledgement")),
    ("awaiting_determination", gettext_lazy("Referrals awaiting the DPCP's determination")),
    ("youth_protection_pending", gettext_lazy("Cases with a DPJ duty pending")),
)


@dataclass
class SchoolFigures:
    school: School
    open_by_age: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys((band for band, _low, _high in AGE_BANDS), 0)
    )
    overdue_steps: int = 0
    awaiting_acknowledgement: int = 0
    awaiting_determination: int = 0
    youth_protection_pending: int = 0
    trained_coordinator: bool = False
    # The viewer may open this school's cases (its principal): the counts link to the work list.
    may_open: bool = False

    @property
    def open_cases(self) -> int:
        return sum(self.open_by_age.values())


@dataclass
class Dashboard:
    schools: list[SchoolFigures]

    def total(self, name: str) -> int:
        return sum(getattr(s, name) for s in self.schools)

    @property
    def open_by_age(self) -> dict[str, int]:
        return {band: sum(s.open_by_age[band] for s in self.schools) for band, _l, _h in AGE_BANDS}

    @property
    def schools_without_trained_coordinator(self) -> list[SchoolFigures]:
        return [s for s in self.schools if not s.trained_coordinator]

    @property
    def may_open_any(self) -> bool:
        return any(s.may_open for s in self.schools)


def user_may_see_dashboard(user: Viewer) -> bool:
    return bool(schools_where(user, {Role.PRINCIPAL})) or bool(
        organisations_where(user, {Role.SEXTO_LEAD, Role.ORG_ADMIN})
    )


def dashboard_schools_for(*, user: Viewer) -> tuple[list[School], set[UUID]]:
    """The schools on this viewer's dashboard, and those whose cases they may open; Http404 for
    anyone without a dashboard."""
    principal_of = schools_where(user, {Role.PRINCIPAL})
    organisations = organisations_where(user, {Role.SEXTO_LEAD, Role.ORG_ADMIN})
    if not principal_of and not organisations:
        raise Http404
    schools = School.objects.filter(Q(pk__in=principal_of) | Q(organisation__in=organisations))
    return list(schools.order_by("name")), principal_of


def dashboard_for(*, user: Viewer, now: datetime.datetime | None = None) -> Dashboard:
    now = now or timezone.now()
    schools, may_open = dashboard_schools_for(user=user)
    figures = {s.pk: SchoolFigures(school=s, may_open=s.pk in may_open) for s in schools}
    ids = list(figures)
    open_cases = Case.objects.filter(school__in=ids, status=Case.Status.OPEN, simulation=False)
    bands = {}
    for band, low, high in AGE_BANDS:
        condition = Q(opened_at__lte=now - datetime.timedelta(days=low))
        if high is not None:
            condition &= Q(opened_at__gt=now - datetime.timedelta(days=high))
        bands[band] = Count("pk", filter=condition)
    for row in open_cases.values("school").annotate(**bands):
        figures[row["school"]].open_by_age = {band: row[band] for band in bands}

    open_steps = CaseStep.objects.filter(
        case__school__in=ids,
        case__status=Case.Status.OPEN,
        case__simulation=False,
        state=CaseStep.State.PENDING,
    )
    for row in open_steps.values("case__school").annotate(
        overdue=Count("pk", filter=Q(due_at__lt=now)),
        youth=Count(
            "pk",
            filter=Q(key="youth_protection", case__youth_protection__in=YOUTH_PROTECTION_DUTY),
        ),
    ):
        school = figures[row["case__school"]]
        school.overdue_steps, school.youth_protection_pending = row["overdue"], row["youth"]

    referrals = Referral.objects.filter(
        case__school__in=ids, case__status=Case.Status.OPEN, case__simulation=False
    )
    for row in referrals.values("case__school").annotate(
        acknowledgement=Count("pk", filter=Q(acknowledged_at__isnull=True)),
        determination=Count("pk", filter=Q(acknowledged_at__isnull=False, determination="")),
    ):
        school = figures[row["case__school"]]
        school.awaiting_acknowledgement = row["acknowledgement"]
        school.awaiting_determination = row["determination"]

    trained = (
        Membership.objects.current()
        .filter(
            school__in=ids,
            role=Role.COORDINATOR,
            user__in=Award.objects.filter(badge_slug=COVERAGE_BADGE).values("recipient"),
        )
        .values_list("school", flat=True)
        .distinct()
    )
    for school_id in trained:
        figures[school_id].trained_coordinator = True
    return Dashboard(schools=list(figures.values()))
