"""Who is on a case's team, and what each may do there (DESIGN.md's permission table)."""

from __future__ import annotations

from django.utils import timezone

from sexto.audit.models import AccessGrant
from sexto.audit.selectors import access_grant_live
from sexto.directory.models import Role
from sexto.directory.permissions import roles_of
from sexto.directory.types import Viewer
from sexto.interventions.models import Case, CaseMember, CaseTransfer

COORDINATOR = "coordinator"
PRINCIPAL = "principal"
PROFESSIONAL = "professional"
LEARNER = "learner"
POLICE = "police"
# Outside the team, for a limited time and with a reason (audit.AccessGrant): read only.
GRANTEE = "grantee"
BREAK_GLASS = "break_glass"
# The team of the school the case was transferred from, for 30 days: read only.
FORMER_TEAM = "former_team"

# action → team roles allowed (DESIGN.md). Professionals write notes and support only.
CASE_ACTIONS: dict[str, frozenset[str]] = {
    "read": frozenset(
        {COORDINATOR, PRINCIPAL, PROFESSIONAL, LEARNER, POLICE, GRANTEE, BREAK_GLASS, FORMER_TEAM}
    ),
    # steps, grid, people, devices, parents, takedowns, measures
    "edit": frozenset({COORDINATOR, PRINCIPAL, LEARNER}),
    # one's OWN report to youth protection (Youth Protection Act s.39: a personal duty of every
    # team member but the police); the service checks the person is a duty holder, and records
    # only their own entry
    "youth_protection": frozenset({COORDINATOR, PRINCIPAL, PROFESSIONAL, LEARNER}),
    # notes and the victim's support plan
    "note": frozenset({COORDINATOR, PRINCIPAL, PROFESSIONAL, LEARNER}),
    "support": frozenset({COORDINATOR, PRINCIPAL, PROFESSIONAL, LEARNER}),
    "refer_close": frozenset({COORDINATOR, PRINCIPAL, LEARNER}),
    # invite professionals, grant and revoke access to a named person
    "manage_team": frozenset({COORDINATOR, PRINCIPAL}),
    # "who looked at this case": the team (not grantees nor break-glass visitors)
    "who_looked": frozenset({COORDINATOR, PRINCIPAL, PROFESSIONAL, POLICE}),
    # the summary report to the director general (Education Act s.96.12): the principal's duty
    "dg_report": frozenset({PRINCIPAL}),
    # acknowledgements (referral, devices), the DPCP determination
    "police": frozenset({POLICE}),
    # SEXTO awareness meetings: scheduled and recorded by the police or the school
    "meetings": frozenset({POLICE, COORDINATOR, PRINCIPAL, LEARNER}),
    # "another open case involves this student" (the blind-index match against the file
    # holder's other cases): the school's own team only. Not the police (another organisation),
    # nor a grantee or break-glass visitor (outside the team), nor a simulation's learner (who
    # chose the names: a match would tell them whether a real student has a case).
    "match_people": frozenset({COORDINATOR, PRINCIPAL, PROFESSIONAL}),
    # hand the case to another school of the file holder when the student changes school
    "transfer": frozenset({COORDINATOR, PRINCIPAL}),
}


def case_team_role(*, user: Viewer | None, case: Case) -> str | None:
    """The user's role on this case's team, or None: administrators and superusers get None (and
    nobody signed in, whether a visitor or no user at all)."""
    if user is None or not user.is_authenticated:
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
    # The school the case was transferred from reads it for 30 days (read only).
    former = {
        h.school_id
        for h in roles_of(user)
        if h.school_id and h.role in {Role.PRINCIPAL, Role.COORDINATOR}
    }
    if (
        former
        and CaseTransfer.objects.filter(
            case=case, from_school_id__in=former, read_only_until__gt=timezone.now()
        ).exists()
    ):
        return FORMER_TEAM
    return None


def case_grant_role(*, user: Viewer | None, case: Case) -> tuple[str | None, AccessGrant | None]:
    """For someone outside the team: GRANTEE or BREAK_GLASS while they hold a live grant on this
    case, with that grant. Never for simulations (they have no one but their learner)."""
    if case.simulation or user is None or not user.is_authenticated:
        return None, None
    grant = access_grant_live(user=user, target=case)
    if grant is None:
        return None, None
    return (BREAK_GLASS if grant.kind == AccessGrant.Kind.BREAK_GLASS else GRANTEE), grant


def case_may(*, role: str | None, action: str) -> bool:
    return role is not None and role in CASE_ACTIONS[action]


def case_member_needs_two_factor(user: Viewer) -> bool:
    """Invited onto a real case's team and not removed since: DESIGN.md, everyone on a case team
    has TOTP (a simulation's learner, alone on a fictional case, excepted). Registered with the
    directory's two-factor rule, so the middleware holds them until they set it up."""
    return user.is_authenticated and (
        CaseMember.objects.filter(
            user=user, removed_at__isnull=True, case__simulation=False
        ).exists()
    )
