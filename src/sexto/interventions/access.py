"""Who is on a case's team, and what each may do there (DESIGN.md's permission table)."""

from __future__ import annotations

from typing import Any

from sexto.directory.models import Role
from sexto.directory.permissions import roles_of
from sexto.interventions.models import Case, CaseMember

COORDINATOR = "coordinator"
PRINCIPAL = "principal"
PROFESSIONAL = "professional"
LEARNER = "learner"
POLICE = "police"

# action → team roles allowed (DESIGN.md). Professionals write notes and support only.
CASE_ACTIONS: dict[str, frozenset[str]] = {
    "read": frozenset({COORDINATOR, PRINCIPAL, PROFESSIONAL, LEARNER, POLICE}),
    # steps, grid, people, devices, parents, youth protection, takedowns, measures
    "edit": frozenset({COORDINATOR, PRINCIPAL, LEARNER}),
    # notes and the victim's support plan
    "note": frozenset({COORDINATOR, PRINCIPAL, PROFESSIONAL, LEARNER}),
    "support": frozenset({COORDINATOR, PRINCIPAL, PROFESSIONAL, LEARNER}),
    "refer_close": frozenset({COORDINATOR, PRINCIPAL, LEARNER}),
    "manage_team": frozenset({COORDINATOR, PRINCIPAL}),
    # acknowledgements (referral, devices), the DPCP determination
    "police": frozenset({POLICE}),
    # SEXTO awareness meetings: scheduled and recorded by the police or the school
    "meetings": frozenset({POLICE, COORDINATOR, PRINCIPAL, LEARNER}),
}


def case_team_role(*, user: Any, case: Case) -> str | None:
    """The user's role on this case's team, or None: administrators and superusers get None."""
    if not getattr(user, "is_authenticated", False):
        return None
    if case.simulation:
        is_learner = CaseMember.objects.filter(
            case=case, user=user, kind=CaseMember.Kind.LEARNER, removed_at__isnull=True
        ).exists()
        return LEARNER if is_learner else None
    school_roles = {h.role for h in roles_of(user) if h.school_id == case.school_id}
    if Role.PRINCIPAL in school_roles:
        return PRINCIPAL
    if Role.COORDINATOR in school_roles:
        return COORDINATOR
    if CaseMember.objects.filter(
        case=case, user=user, kind=CaseMember.Kind.PROFESSIONAL, removed_at__isnull=True
    ).exists():
        return PROFESSIONAL
    # Police liaisons join the team once the case is referred to their force.
    forces = {h.organisation_id for h in roles_of(user) if h.role == Role.POLICE_LIAISON}
    if forces and case.referrals.filter(police_force_id__in=forces).exists():
        return POLICE
    return None


def case_may(*, role: str | None, action: str) -> bool:
    return role is not None and role in CASE_ACTIONS[action]
