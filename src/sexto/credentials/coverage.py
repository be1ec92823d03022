"""Training coverage: per school, its coordinators with and without the Explorateur badge."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from sexto.credentials.models import Award
from sexto.directory.models import Membership, Role, School, User
from sexto.directory.permissions import is_superuser, is_trainer, organisations_where
from sexto.directory.types import Viewer

# Holding this badge is expected of every coordinator (DESIGN.md, "The flow of a training").
COVERAGE_BADGE = "sexto-explorateur"


@dataclass(frozen=True)
class SchoolCoverage:
    school: School
    trained: list[User]
    untrained: list[User]

    @property
    def covered(self) -> bool:
        return bool(self.trained)


def user_may_see_coverage(user: Viewer) -> bool:
    """Trainers (every school), service-centre admins (their schools), superusers."""
    return bool(
        is_trainer(user) or is_superuser(user) or organisations_where(user, {Role.ORG_ADMIN})
    )


def coverage_schools_for(*, user: Viewer) -> QuerySet[School]:
    """The schools whose coverage this user may see; Http404 for anyone else."""
    if not user_may_see_coverage(user):
        raise Http404
    schools = School.objects.select_related("organisation", "territory")
    if not (is_trainer(user) or is_superuser(user)):
        schools = schools.filter(organisation__in=organisations_where(user, {Role.ORG_ADMIN}))
    return schools.order_by("organisation__name", "name")


def coverage_for(*, user: Viewer, badge_slug: str = COVERAGE_BADGE) -> list[SchoolCoverage]:
    """Each visible school with its current coordinators split by whether they hold the badge."""
    schools = list(coverage_schools_for(user=user))
    memberships = (
        Membership.objects.current()
        .filter(school__in=schools, role=Role.COORDINATOR)
        .select_related("user")
        .order_by("is_backup", "user__last_name", "user__first_name")
    )
    holders = set(
        Award.objects.filter(badge_slug=badge_slug).values_list("recipient_id", flat=True)
    )
    by_school: dict[Any, tuple[list[User], list[User]]] = {s.pk: ([], []) for s in schools}
    for membership in memberships:
        trained, untrained = by_school[membership.school_id]
        (trained if membership.user_id in holders else untrained).append(membership.user)
    return [SchoolCoverage(s, *by_school[s.pk]) for s in schools]
