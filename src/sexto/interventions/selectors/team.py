"""Who is on a case's team, and who could be invited onto it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from sexto.directory.models import Membership, Role, User
from sexto.directory.types import Viewer
from sexto.interventions.models import Case, CaseMember


@dataclass
class TeamMember:
    user: Viewer
    role: str
    # For the school's principal and coordinators: when that membership ends (None: open-ended).
    # The lead's status is read from these (services.team.lead_status), not queried again.
    until: datetime.date | None = None


class CaseTeam(list[TeamMember]):
    """The team, and (when asked for) the school's professionals and staff who could be invited
    onto it, read in the same query."""

    candidates: list[Any] | None = None


def case_team(*, case: Case, with_candidates: bool = False) -> CaseTeam:
    """Who is on the case's team now (DESIGN.md): the school's principal and coordinators, the
    invited professionals, and the liaisons of the force the case was referred to. With
    `with_candidates`, also who `professional_candidates` would give (without a query of its own
    when handed this team)."""
    team = CaseTeam()
    if case.simulation:
        members = case.members.select_related("user").filter(removed_at__isnull=True)
        team += [TeamMember(m.user, "learner") for m in members]
        return team
    # The school's principal and coordinators (and professionals and staff, for the candidates)
    # and the liaisons of the forces the case was referred to, in one query: the page shows the
    # team on every read.
    school_roles = [Role.PRINCIPAL, Role.COORDINATOR]
    if with_candidates:
        school_roles += CANDIDATE_ROLES
    forces = case.referrals.values("police_force")
    roles = list(
        Membership.objects.current()
        .filter(
            Q(school_id=case.school_id, role__in=school_roles)
            | Q(organisation__in=forces, role=Role.POLICE_LIAISON)
        )
        .select_related("user")
        .order_by("role", "user__last_name")
    )
    team += [
        TeamMember(m.user, m.role, m.valid_until)
        for m in roles
        if m.role in (Role.PRINCIPAL, Role.COORDINATOR)
    ]
    invited = case.members.filter(removed_at__isnull=True, kind=CaseMember.Kind.PROFESSIONAL)
    team += [TeamMember(m.user, "professional") for m in invited.select_related("user")]
    team += [TeamMember(m.user, "police") for m in roles if m.role == Role.POLICE_LIAISON]
    if with_candidates:
        on_team = {member.user.pk for member in team}
        users = {
            m.user.pk: m.user
            for m in roles
            if m.role in CANDIDATE_ROLES and m.user.is_active and m.user.pk not in on_team
        }
        # The order professional_candidates gives (by name).
        team.candidates = sorted(users.values(), key=lambda u: (u.last_name, u.first_name, u.email))
    return team


CANDIDATE_ROLES = [Role.PROFESSIONAL, Role.STAFF]


def professional_candidates(*, case: Case, team: list[TeamMember] | None = None) -> list[Any]:
    """Professionals and staff of the case's school who are not on its team yet."""
    if isinstance(team, CaseTeam) and team.candidates is not None:
        return team.candidates
    on_team = {member.user.pk for member in (team if team is not None else case_team(case=case))}
    ids = (
        Membership.objects.current()
        .filter(school_id=case.school_id, role__in=CANDIDATE_ROLES)
        .values_list("user_id", flat=True)
    )
    return [
        user
        for user in User.objects.filter(pk__in=ids, is_active=True).order_by(
            "last_name", "first_name"
        )
        if user.pk not in on_team
    ]
