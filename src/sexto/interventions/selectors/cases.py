"""Reads of intakes and cases: the one way to load a case (`case_get_for`, access checked, the
read audited), its grid, steps and people, the triage work list."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.core.paginator import Page, Paginator
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models import Case as SQLCase
from django.http import Http404, HttpRequest
from django.utils import formats, timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from sexto.audit.models import AccessGrant
from sexto.audit.selectors import (
    access_grant_last_ended,
)
from sexto.audit.services import audit_batch_write, audit_record
from sexto.core.crypto import blind_index
from sexto.core.errors import PermissionRefused
from sexto.core.request import request_notes
from sexto.directory.models import Role, School
from sexto.directory.permissions import (
    TwoFactorRequired,
    roles_of,
    schools_where,
    user_has_two_factor,
)
from sexto.directory.types import Actor, Viewer
from sexto.interventions.errors import IntakeInvalid
from sexto.interventions.models import Case, CaseMember, CasePerson, CaseStep, Intake
from sexto.interventions.permissions import (
    BREAK_GLASS,
    GRANTEE,
    case_grant_role,
    case_may,
    case_team_role,
)
from sexto.interventions.procedure import POLICE_IMMEDIATELY

TRIAGE_ROLES = {Role.COORDINATOR, Role.PRINCIPAL}
REPORTER_ROLES = {Role.STAFF, Role.PROFESSIONAL, Role.COORDINATOR, Role.PRINCIPAL}


@dataclass
class CaseAccess:
    case: Case
    role: str
    # The grant or break-glass this access rests on, for someone outside the team; else None.
    grant: AccessGrant | None = None


# How a read by someone outside the team is recorded (a team member's is "case.read"); "who
# looked at this case" reads them back by these names (selectors/access.py's READ_ACTIONS).
READ_ACTION_BY_ROLE = {GRANTEE: "case.read.grant", BREAK_GLASS: "case.read.break_glass"}


def _audit_read_once(*, request: HttpRequest | None, user: Viewer, case: Case, role: str) -> None:
    """One read event per request per case (DESIGN.md); simulations are not audited."""
    if case.simulation:
        return
    seen = request_notes(request).case_reads if request is not None else set()
    if case.pk in seen:
        return
    action = READ_ACTION_BY_ROLE.get(role, "case.read")
    audit_record(actor=user, action=action, target=case, request=request)
    seen.add(case.pk)


def _refuse(
    *, request: HttpRequest | None, user: Viewer, case: Case | None, case_id: Any
) -> Http404:
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
    refused = request_notes(request).case_refusals if request is not None else set()
    key = str(case_id)
    # Simulations write no audit events (DESIGN.md): a refused look at one is a 404 only.
    if key not in refused and not (case is not None and case.simulation):
        target: Any = case if case is not None else ("interventions.case", key)
        audit_record(actor=user, action=action, target=target, request=request)
        refused.add(key)
    error = Http404(message)
    error.sexto_detail = message if ended is not None else None  # type: ignore[attr-defined]
    return error


def case_get_for(
    *,
    user: Viewer,
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
    user: Viewer,
    request: HttpRequest | None = None,
) -> dict[int, int]:
    """For each person of the case, how many other open cases of its file holder involve them
    (one query). Only for the school's own team on a real case (permissions.py's `match_people`):
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
    *, user: Viewer, intake_id: UUID | str, request: HttpRequest | None = None
) -> Intake:
    """An intake of a school where the user is coordinator or principal; else 404."""
    intake = (
        Intake.objects.select_related(
            "school__territory__police_force", "reported_by", "police_force"
        )
        .filter(pk=intake_id)
        .first()
    )
    if intake is None or intake.school_id not in schools_where(user, TRIAGE_ROLES):
        raise Http404(_("No such report among those you may see."))
    if request is not None:
        audit_record(actor=user, action="intake.read", target=intake, request=request)
    return intake


def intakes_reported_by(*, user: Viewer) -> QuerySet[Intake]:
    """The reporter sees only the status of what they filed (no content of the case)."""
    return (
        Intake.objects.filter(reported_by=user)
        .select_related("school")
        .only("id", "reference", "school__name", "created_at", "status", "triaged_at")
    )


def intakes_known_to(*, user: Viewer) -> QuerySet[Intake]:
    """The "my reports" list: what this person filed and the intakes naming them as having also
    heard the facts (each keeps their own DPJ duty). Status only, no content of the case."""
    return (
        Intake.objects.filter(Q(reported_by=user) | Q(heard_by=user))
        .distinct()
        .select_related("school")
        .only(
            "id", "reference", "school__name", "created_at", "status", "triaged_at", "reported_by"
        )
    )


def reporting_schools(*, user: Viewer) -> list[Any]:
    return list(
        School.objects.filter(pk__in=schools_where(user, REPORTER_ROLES)).select_related(
            "territory__police_force"
        )
    )


@dataclass
class Worklist:
    intakes: list[Intake]
    # Open cases whose route says to call the police now and whose police step is not done come
    # first, each with `police_now` True.
    cases: list[Case]
    overdue: list[CaseStep]

    @property
    def police_now(self) -> list[Case]:
        """The cases whose police are to be called now: the top of the list until done."""
        return [case for case in self.cases if getattr(case, "police_now", False)]


def _route_is_police_now(prefix: str = "") -> Q:
    """The case's effective route (the decided one wins over the grid's) is police_immediately."""
    return Q(**{f"{prefix}decided_route": POLICE_IMMEDIATELY}) | Q(
        **{f"{prefix}decided_route": "", f"{prefix}route": POLICE_IMMEDIATELY}
    )


# The routes from the most to the least urgent. A case whose grid is not saved yet ("") comes
# right after the police to call: its route is unknown, it may be urgent, its grid is due first.
ROUTE_URGENCY = ("police_immediately", "", "sexto_procedure", "school_follow_up")


def _route_rank() -> SQLCase:
    # The decided route wins over the grid's, as Case.effective_route says.
    return SQLCase(
        *(
            When(
                Q(decided_route="", route=route) | (Q(decided_route=route) if route else Q()),
                then=Value(rank),
            )
            for rank, route in enumerate(ROUTE_URGENCY)
        ),
        default=Value(len(ROUTE_URGENCY)),
        output_field=IntegerField(),
    )


def _police_step_not_done() -> Exists:
    return Exists(
        CaseStep.objects.filter(case=OuterRef("pk"), key="contact_police").exclude(
            state=CaseStep.State.DONE
        )
    )


def worklist_for(*, user: Actor, query: str = "") -> Worklist:
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
    # By urgency (issue 18): the police to call now first (the loudest thing on the list, until
    # the police step is done), then by route (ROUTE_URGENCY), then the earliest pending
    # deadline; overdue cases are marked.
    next_due = (
        CaseStep.objects.filter(case=OuterRef("pk"), state=CaseStep.State.PENDING)
        .exclude(due_at__isnull=True)
        .order_by("due_at")
        .values("due_at")[:1]
    )
    cases = cases.annotate(
        police_now=ExpressionWrapper(
            _route_is_police_now() & Q(status=Case.Status.OPEN) & Q(_police_step_not_done()),
            output_field=BooleanField(),
        ),
        route_rank=_route_rank(),
        next_due=Subquery(next_due),
        overdue=ExpressionWrapper(
            Q(next_due__lt=timezone.now()) & Q(status=Case.Status.OPEN),
            output_field=BooleanField(),
        ),
    ).order_by("-police_now", "route_rank", F("next_due").asc(nulls_last=True), "-opened_at")
    overdue = (
        CaseStep.objects.filter(
            case__in=Case.objects.filter(visible, status=Case.Status.OPEN),
            state=CaseStep.State.PENDING,
            due_at__lt=timezone.now(),
        )
        .annotate(
            police_now=ExpressionWrapper(
                Q(key="contact_police") & _route_is_police_now("case__"),
                output_field=BooleanField(),
            )
        )
        .order_by("-police_now", "due_at")
        .select_related("case")
        .only("id", "key", "due_at", "case__id", "case__number")
    )
    return Worklist(intakes=list(intakes[:50]), cases=list(cases[:100]), overdue=list(overdue[:50]))


def user_may_triage(user: Viewer) -> bool:
    return any(h.role in TRIAGE_ROLES for h in roles_of(user))


def user_on_case_teams(user: Viewer) -> bool:
    """Invited onto the team of a real case (a professional): those cases are their work list,
    in the menu and as their home page. Kept on the user object (the menu asks on every page)."""
    if not user.is_authenticated:
        return False
    cached = getattr(user, "_sexto_on_case_teams", None)
    if cached is None:
        cached = CaseMember.objects.filter(
            user=user,
            removed_at__isnull=True,
            kind=CaseMember.Kind.PROFESSIONAL,
            case__simulation=False,
        ).exists()
        user._sexto_on_case_teams = cached  # type: ignore[union-attr,attr-defined]
    return bool(cached)


def user_has_case_work(user: Viewer) -> bool:
    return user_may_triage(user) or user_on_case_teams(user)


def user_may_report(user: Viewer) -> bool:
    return any(h.role in REPORTER_ROLES and h.school_id for h in roles_of(user))


def school_get_for_direct_case(*, user: Viewer, school_id: UUID) -> School:
    """The school where this user may open a case directly (without an intake): one where they
    are a Sexto coordinator or the principal; else PermissionRefused on `school_id`."""
    if school_id not in schools_where(user, TRIAGE_ROLES):
        raise PermissionRefused(
            _(
                "You may open cases only in a school where you are a Sexto coordinator or the "
                "principal."
            ),
            field="school_id",
        )
    return School.objects.get(pk=school_id)


def reporting_school_get(*, user: Viewer, school_id: UUID) -> School:
    """A school where this user may file an intake (they work there); else IntakeInvalid on
    `school_id`."""
    school: School | None = next(
        (s for s in reporting_schools(user=user) if s.pk == school_id), None
    )
    if school is None:
        raise IntakeInvalid(
            _("You may report only for a school where you work: choose one of your schools."),
            field="school_id",
        )
    return school
