"""Every read of the kit that views and the API use; access checked, reads audited."""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.core.paginator import Page, Paginator
from django.db.models import BigIntegerField, Count, OuterRef, Q, QuerySet, Subquery, When, Window
from django.db.models import Case as SQLCase
from django.db.models.functions import Cast, Substr
from django.http import Http404, HttpRequest
from django.utils import formats, timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from sexto.audit.models import AccessGrant
from sexto.audit.selectors import (
    access_grant_last_ended,
    access_grants_held,
    access_grants_of_target,
    audit_events_for,
)
from sexto.audit.services import audit_batch_write, audit_record
from sexto.core.crypto import blind_index
from sexto.directory.models import Role
from sexto.directory.permissions import (
    TwoFactorRequired,
    roles_of,
    schools_where,
    user_has_two_factor,
)
from sexto.interventions.access import (
    BREAK_GLASS,
    GRANTEE,
    case_grant_role,
    case_may,
    case_team_role,
)
from sexto.interventions.models import Case, CaseMember, CasePerson, CaseStep, Intake

TRIAGE_ROLES = {Role.COORDINATOR, Role.PRINCIPAL}
REPORTER_ROLES = {Role.STAFF, Role.PROFESSIONAL, Role.COORDINATOR, Role.PRINCIPAL}


@dataclass
class CaseAccess:
    case: Case
    role: str
    # The grant or break-glass this access rests on, for someone outside the team; else None.
    grant: AccessGrant | None = None


# How a read happened, in the audit log: "who looked at this case" tells these apart.
READ_ACTIONS = {
    "case.read": "team",
    "case.read.grant": GRANTEE,
    "case.read.break_glass": BREAK_GLASS,
}
READ_ACTION_BY_ROLE = {GRANTEE: "case.read.grant", BREAK_GLASS: "case.read.break_glass"}


def _audit_read_once(*, request: HttpRequest | None, user: Any, case: Case, role: str) -> None:
    """One read event per request per case (DESIGN.md); simulations are not audited."""
    if case.simulation:
        return
    seen: set[UUID] = getattr(request, "_sexto_case_reads", set()) if request else set()
    if case.pk in seen:
        return
    action = READ_ACTION_BY_ROLE.get(role, "case.read")
    audit_record(actor=user, action=action, target=case, request=request)
    if request is not None:
        seen.add(case.pk)
        request._sexto_case_reads = seen  # type: ignore[attr-defined]


def _refuse(*, request: HttpRequest | None, user: Any, case: Case | None, case_id: Any) -> Http404:
    """The 404 for a case this user may not see, recorded once per request: on the case's own
    chain if it exists, else (a forged or stale id) on the platform chain. Someone whose grant
    on this case ended is told so, since they already knew the case."""
    message = _("No such case among those you may see.")
    action = "access.refused"
    ended = None
    if case is not None and not case.simulation:
        ended = access_grant_last_ended(user=user, target=case)
    if ended is not None:
        action = "access.refused.grant_ended"
        message = _(
            "Your access to case %(number)s ended on %(end)s. Ask its coordinators "
            "or principal if you still need it."
        ) % {
            "number": ended.reference or (case.number if case else ""),
            "end": formats.date_format(timezone.localtime(ended.ended_at), "DATETIME_FORMAT"),
        }
    refused: set[str] = getattr(request, "_sexto_case_refusals", set()) if request else set()
    key = str(case_id)
    # Simulations write no audit events (DESIGN.md): a refused look at one is a 404 only.
    if key not in refused and not (case is not None and case.simulation):
        target: Any = case if case is not None else ("interventions.case", key)
        audit_record(actor=user, action=action, target=target, request=request)
        if request is not None:
            refused.add(key)
            request._sexto_case_refusals = refused  # type: ignore[attr-defined]
    error = Http404(message)
    error.sexto_detail = message if ended is not None else None  # type: ignore[attr-defined]
    return error


def case_get_for(
    *,
    user: Any,
    case_id: UUID | str,
    request: HttpRequest | None = None,
    include_simulations: bool = True,
) -> CaseAccess:
    """The case and the user's role on it, if they are on its team or hold a live grant or
    break-glass on it (read only: services check the team for every write); otherwise Http404
    (never 403, so existence never leaks), and the refusal is audited. Records one audit read
    event for this request, saying how the case was read."""
    manager = Case.all_objects if include_simulations else Case.objects
    case = (
        manager.select_related("school__territory__police_force", "holder", "lead", "intake")
        .filter(pk=case_id)
        .first()
    )
    role = case_team_role(user=user, case=case) if case is not None else None
    grant = None
    if case is not None and role is None:
        role, grant = case_grant_role(user=user, case=case)
    if case is None or role is None:
        raise _refuse(request=request, user=user, case=case, case_id=case_id)
    if not case.simulation and not user_has_two_factor(user, request=request):
        # DESIGN.md: everyone who reads a real case has TOTP. Checked here, not only by the
        # middleware, so an API token or any other way in is held too. They are on the team (or
        # hold a grant): saying why reveals nothing they do not know.
        audit_record(actor=user, action="access.refused.two_factor", target=case, request=request)
        raise TwoFactorRequired(
            _(
                "Case files name students, so everyone who reads them signs in with a second "
                "factor. Set up two-factor sign-in (an authenticator app on your phone) in your "
                "account, then open the case again."
            )
        )
    _audit_read_once(request=request, user=user, case=case, role=role)
    return CaseAccess(case=case, role=role, grant=grant)


def case_grid(case: Case) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """The stored grid answers and result (decrypted), if the grid was filled."""
    if not case.grid_answers:
        return None, None
    return json.loads(case.grid_answers), json.loads(case.grid_result)


CHRONOLOGY_PER_PAGE = 20


class _CountedPaginator(Paginator):  # type: ignore[type-arg]
    """A paginator told its count (read with the page's rows): no COUNT query of its own."""

    def __init__(self, object_list: Any, per_page: int, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self._count = count

    @cached_property
    def count(self) -> int:
        return self._count


def case_chronology_page(*, case: Case, page: str | None) -> Page:  # type: ignore[type-arg]
    """One page of the case's chronology, newest first, as `Paginator.get_page` gives it, in one
    query: the total comes with the rows (a window count), so the page's cost does not depend on
    the chronology's size. A page past the end (no rows) falls back on the paginator."""
    entries = case.chronology.select_related("actor")
    try:
        number = int(page) if page is not None else 1
    except (TypeError, ValueError):
        number = 1
    if number >= 1:
        start = (number - 1) * CHRONOLOGY_PER_PAGE
        rows = list(
            entries.annotate(chronology_total=Window(Count("pk")))[
                start : start + CHRONOLOGY_PER_PAGE
            ]
        )
        if rows:
            paginator = _CountedPaginator(
                entries, CHRONOLOGY_PER_PAGE, count=rows[0].chronology_total
            )
            return Page(rows, number, paginator)
    return Paginator(entries, CHRONOLOGY_PER_PAGE).get_page(page)


def case_steps(case: Case) -> QuerySet[CaseStep]:
    return case.steps.select_related("done_by").order_by("position")


def _open_cases_by_index(*, case: Case, indexes: set[str]) -> dict[str, int]:
    """For each blind index, how many other open cases involve that person. The one place the
    blind index is matched: a simulation never matches anyone (its learner chose the names, so a
    match would tell them whether a real student has a case), and a real case matches only the
    real cases of its own file holder (DESIGN.md: nobody else's team may learn of them)."""
    if case.simulation or not indexes:
        return {}
    return dict(
        CasePerson.objects.filter(
            name_index__in=indexes,
            case__status=Case.Status.OPEN,
            case__simulation=False,
            case__holder_id=case.holder_id,
        )
        .exclude(case=case)
        .values("name_index")
        .annotate(cases=Count("case", distinct=True))
        .values_list("name_index", "cases")
    )


def case_people_elsewhere(
    *,
    access: CaseAccess,
    people: list[CasePerson],
    user: Any,
    request: HttpRequest | None = None,
) -> dict[int, int]:
    """For each person of the case, how many other open cases of its file holder involve them
    (one query). Only for the school's own team on a real case (access.py's `match_people`):
    anyone else gets an empty dict, so nothing is shown. Every match shown is audited. Inside
    the case page's audit batch, the page's read and the match are written here, together (the
    sections after this one, "who looked" among them, see both)."""
    if access.case.simulation or not case_may(role=access.role, action="match_people"):
        if request is not None:
            audit_batch_write(request)
        return {}
    counts = _open_cases_by_index(case=access.case, indexes={p.name_index for p in people})
    shown = {person.pk: counts.get(person.name_index, 0) for person in people}
    matched = sorted(person.label for person in people if shown[person.pk])
    if matched:
        audit_record(
            actor=user,
            action="case.people_match",
            target=access.case,
            request=request,
            changes={"people": matched},
        )
    if request is not None:
        audit_batch_write(request)
    return shown


def person_matches_elsewhere(*, case: Case, name: str) -> int:
    """How many other open cases of the file holder involve this name (never for simulations).
    Shows nothing to anyone: pages and the API go through case_people_elsewhere."""
    index = blind_index(name, purpose="student")
    return _open_cases_by_index(case=case, indexes={index}).get(index, 0)


def intake_get_for_triage(
    *, user: Any, intake_id: UUID | str, request: HttpRequest | None = None
) -> Intake:
    """An intake of a school where the user is coordinator or principal; else 404."""
    intake = Intake.objects.select_related("school", "reported_by").filter(pk=intake_id).first()
    if intake is None or intake.school_id not in schools_where(user, TRIAGE_ROLES):
        raise Http404(_("No such intake among those you may see."))
    if request is not None:
        audit_record(actor=user, action="intake.read", target=intake, request=request)
    return intake


def intakes_reported_by(*, user: Any) -> QuerySet[Intake]:
    """The reporter sees only the status of what they filed (no content of the case)."""
    return (
        Intake.objects.filter(reported_by=user)
        .select_related("school")
        .only("id", "reference", "school__name", "created_at", "status", "triaged_at")
    )


def reporting_schools(*, user: Any) -> list[Any]:
    from sexto.directory.models import School

    return list(
        School.objects.filter(pk__in=schools_where(user, REPORTER_ROLES)).select_related(
            "territory__police_force"
        )
    )


@dataclass
class Worklist:
    intakes: list[Intake]
    cases: list[Case]
    overdue: list[CaseStep]


def worklist_for(*, user: Any, query: str = "") -> Worklist:
    """The coordinator's and principal's home: intakes to triage, open cases, overdue steps.
    Reads no encrypted field."""
    schools = schools_where(user, TRIAGE_ROLES)
    professional_cases = CaseMember.objects.filter(
        user=user, removed_at__isnull=True, kind=CaseMember.Kind.PROFESSIONAL
    ).values("case")
    visible = Q(school__in=schools) | Q(pk__in=professional_cases)
    cases = (
        Case.objects.filter(visible)
        .select_related("school", "lead")
        .only(
            "id",
            "number",
            "status",
            "opened_at",
            "route",
            "nature",
            "school__name",
            "lead__first_name",
            "lead__last_name",
            "lead__handle",
            "decided_route",
        )
    )
    intakes = (
        Intake.objects.filter(school__in=schools)
        .select_related("school")
        .only("id", "reference", "school__name", "created_at", "status", "told_at")
    )
    if query:
        cases = cases.filter(number__icontains=query.strip())
        intakes = intakes.filter(reference__icontains=query.strip())
    else:
        cases = cases.filter(status=Case.Status.OPEN)
        intakes = intakes.filter(status=Intake.Status.NEW)
    overdue = (
        CaseStep.objects.filter(
            case__in=Case.objects.filter(visible, status=Case.Status.OPEN),
            state=CaseStep.State.PENDING,
            due_at__lt=timezone.now(),
        )
        .select_related("case")
        .only("id", "key", "due_at", "case__id", "case__number")
    )
    return Worklist(intakes=list(intakes[:50]), cases=list(cases[:100]), overdue=list(overdue[:50]))


def user_may_triage(user: Any) -> bool:
    return any(h.role in TRIAGE_ROLES for h in roles_of(user))


def user_may_report(user: Any) -> bool:
    return any(h.role in REPORTER_ROLES and h.school_id for h in roles_of(user))


@dataclass
class TeamMember:
    user: Any
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
    from sexto.directory.models import Membership

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
    from sexto.directory.models import Membership, User

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


# ---- Who looked at this case (the audit log in use) ----------------------------------------


@dataclass
class CaseRead:
    """One read of the case: who, when, and how (team, grant or break-glass)."""

    at: Any
    who: str
    how: str


def case_reads(*, case: Case) -> QuerySet[Any]:
    """The case's read events, newest first (from the audit log: reads are not kept elsewhere),
    each with its reader's names (`reader_*`, None when the actor is no user of the directory),
    read in the same query so that naming a page of readers costs nothing more."""
    from sexto.directory.models import User

    reader = User.objects.filter(pk=OuterRef("reader_id"))
    return (
        audit_events_for(
            targets=[("interventions.case", str(case.pk))], actions=READ_ACTIONS.keys()
        )
        .only("occurred_at", "actor", "action", "seq")
        .annotate(
            # The audit log names people by key ("user:<pk>"): only those keys are looked up.
            reader_id=SQLCase(
                When(
                    actor__regex=r"^user:[0-9]+$",
                    then=Cast(Substr("actor", 6), output_field=BigIntegerField()),
                ),
                default=None,
                output_field=BigIntegerField(),
            ),
            reader_first_name=Subquery(reader.values("first_name")[:1]),
            reader_last_name=Subquery(reader.values("last_name")[:1]),
            reader_handle=Subquery(reader.values("handle")[:1]),
        )
    )


def case_reads_describe(events: Any) -> list[CaseRead]:
    """Names the readers of a page of read events: from the names `case_reads` brought along, or
    with one query for the people when the events come without them."""
    from sexto.directory.models import User

    events = list(events)
    if all(hasattr(event, "reader_handle") for event in events):
        names = {
            event.actor[5:]: (
                f"{event.reader_first_name} {event.reader_last_name}".strip() or event.reader_handle
            )
            for event in events
            if event.reader_handle is not None  # None: no such user (any more)
        }
    else:
        ids = {e.actor[5:] for e in events if e.actor.startswith("user:") and e.actor[5:].isdigit()}
        names = {
            str(pk): (name or handle)
            for pk, name, handle in (
                (u.pk, u.get_full_name(), u.handle) for u in User.objects.filter(pk__in=ids)
            )
        }
    return [
        CaseRead(
            at=event.occurred_at,
            who=names.get(event.actor[5:], event.actor),
            how=READ_ACTIONS.get(event.action, "team"),
        )
        for event in events
    ]


def case_grants(*, case: Case) -> list[AccessGrant]:
    """Every grant and break-glass on the case, newest first (live and ended)."""
    return list(access_grants_of_target(target=case))


def access_grants_mine(*, user: Any) -> list[AccessGrant]:
    """The case grants and break-glass accesses this person holds or held, newest first."""
    return list(access_grants_held(user=user).filter(target_type="interventions.case")[:100])
