"""Who is on a case's team, and who could be invited onto it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sexto.directory.models import Membership, Role, User
from sexto.interventions.models import Case, CaseMember


@dataclass
class TeamMember:
    user: Any
    role: str


def case_team(*, case: Case) -> list[TeamMember]:
    """Who is on the case's team now (DESIGN.md): the school's principal and coordinators, the
    invited professionals, and the liaisons of the force the case was referred to."""
    if case.simulation:
        return [
            TeamMember(m.user, "learner")
            for m in case.members.select_related("user").filter(removed_at__isnull=True)
        ]
    team: list[TeamMember] = []
    school_roles = (
        Membership.objects.current()
        .filter(school_id=case.school_id, role__in=[Role.PRINCIPAL, Role.COORDINATOR])
        .select_related("user")
        .order_by("role", "user__last_name")
    )
    team += [TeamMember(m.user, m.role) for m in school_roles]
    invited = case.members.filter(removed_at__isnull=True, kind=CaseMember.Kind.PROFESSIONAL)
    team += [TeamMember(m.user, "professional") for m in invited.select_related("user")]
    forces = case.referrals.values("police_force")
    liaisons = (
        Membership.objects.current()
        .filter(organisation__in=forces, role=Role.POLICE_LIAISON)
        .select_related("user")
    )
    team += [TeamMember(m.user, "police") for m in liaisons]
    return team


def professional_candidates(*, case: Case, team: list[TeamMember] | None = None) -> list[Any]:
    """Professionals and staff of the case's school who are not on its team yet."""
    on_team = {member.user.pk for member in (team if team is not None else case_team(case=case))}
    ids = (
        Membership.objects.current()
        .filter(school_id=case.school_id, role__in=[Role.PROFESSIONAL, Role.STAFF])
        .values_list("user_id", flat=True)
    )
    return [
        user
        for user in User.objects.filter(pk__in=ids, is_active=True).order_by(
            "last_name", "first_name"
        )
        if user.pk not in on_team
    ]
