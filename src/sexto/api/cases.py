"""API: the kit's intakes and cases (same services, selectors and permissions as the pages).

Reads need the token scope `read`, writes the scope `write` (a browser session has both). Anyone
off a case's team gets a 404 problem, never a 403, so existence never leaks (as on the pages).
Lists never read an encrypted field.
"""

from __future__ import annotations

import datetime
from typing import Any, cast
from uuid import UUID

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Status

from sexto.api.auth import scope_require
from sexto.api.case_schemas import (
    CaseCloseIn,
    CaseDetailOut,
    CaseDirectIn,
    CaseGridOut,
    CaseOpenIn,
    CaseStatus,
    CaseSummaryOut,
    ClosureItemOut,
    GridIn,
    GridSavedOut,
    IntakeCloseIn,
    IntakeIn,
    IntakeMineOut,
    IntakeOut,
    IntakePoliceDirectIn,
    IntakeStatus,
    LeadOut,
    PersonIn,
    PersonOut,
    StepIn,
    StepOut,
    StepState,
    YouthProtectionIn,
    YouthProtectionOut,
)
from sexto.api.grid import GridResultOut
from sexto.api.problems import ClosureRefused, IncidentRefused, problems
from sexto.directory.models import Organisation, User
from sexto.directory.selectors import signed_in_user
from sexto.interventions import grid, selectors, services
from sexto.interventions.errors import CaseNotClosable, IntakeInvalid
from sexto.interventions.models import Case, CasePerson, CaseStep, Intake
from sexto.interventions.procedure import STEPS_BY_KEY
from sexto.interventions.selectors.around import intake_duty_case_get, youth_protection_status
from sexto.interventions.selectors.closure import case_closure_blockers
from sexto.interventions.services import around as around_services

router = Router(tags=["cases"])

# The models' choices, as the schemas document them. The ORM types the fields as plain `str`:
# the shapes below cast, and pydantic checks the value when the schema is built.


def _aware(moment: datetime.datetime) -> datetime.datetime:
    # A time without an offset is read as local (America/Montreal), as the pages do.
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


# --- Schemas ---------------------------------------------------------------------------------


READ_PROBLEMS = problems(401, 403, 404)
WRITE_PROBLEMS = problems(400, 401, 403, 404, 409, 415, 422)


def _lead(user: User | None) -> LeadOut | None:
    return LeadOut(id=user.pk, name=user.display_name) if user is not None else None


def _case_summary(case: Case) -> CaseSummaryOut:
    return CaseSummaryOut(
        id=case.pk,
        number=case.number,
        school_id=case.school_id,
        school=case.school.name,
        status=cast(CaseStatus, case.status),
        opened_at=case.opened_at,
        lead=_lead(case.lead),
        route=case.route,
        nature=case.nature,
        decided_route=case.decided_route,
    )


def _step(step: CaseStep, now: datetime.datetime) -> StepOut:
    definition = STEPS_BY_KEY.get(step.key)
    return StepOut(
        key=step.key,
        label=str(definition.label) if definition else step.key,
        position=step.position,
        state=cast(StepState, step.state),
        due_at=step.due_at,
        overdue=step.is_overdue(now),
        note=step.note,
        done_by=step.done_by.display_name if step.done_by else None,
        done_at=step.done_at,
        version=step.version,
    )


def _person(person: CasePerson, elsewhere: dict[int, int]) -> PersonOut:
    return PersonOut(
        id=person.pk,
        label=person.label,
        name=person.name,
        age=person.age,
        grade=person.grade,
        roles=list(person.roles),
        other_open_cases=elsewhere.get(person.pk),
        version=person.version,
    )


def _intake(intake: Intake) -> IntakeOut:
    return IntakeOut(
        id=intake.pk, reference=intake.reference, status=cast(IntakeStatus, intake.status)
    )


# --- Intakes ---------------------------------------------------------------------------------


def _staff_named(ids: list[int]) -> list[User]:
    """The people an intake names as having also heard the facts; an unknown id is refused like
    someone outside the school (the service checks they work there)."""
    users = list(User.objects.filter(pk__in=set(ids)))
    if len(users) != len(set(ids)):
        raise IntakeInvalid(
            _(
                "Choose only current staff members of this school among those who also heard "
                "the facts."
            ),
            field="heard_by",
        )
    return users


@router.post(
    "/intakes",
    response={201: IntakeOut, **WRITE_PROBLEMS},
    summary="File a report (an intake)",
    description="Any staff member of the school reports what they were told; never images. "
    "The school's coordinators and principal are alerted with a link only. The report gets a "
    "reference `DEC-YYYY-NNNNN` (reports filed before keep their `SIG-YYYY-NNNNN`). Filing it "
    "does not report to the DPJ: that duty stays personal. Where the school's territory has no "
    "police–DPCP agreement, the report is still filed; call the police directly.",
)
def intake_file(request: HttpRequest, payload: IntakeIn) -> Status[IntakeOut]:
    scope_require(request, "write")
    user = signed_in_user(request)
    school = selectors.reporting_school_get(user=user, school_id=payload.school_id)
    intake = services.intake_create(
        reporter=user,
        school=school,
        told_at=_aware(payload.told_at),
        told_by=payload.told_by,
        account=payload.account,
        students=payload.students,
        circulation=payload.circulation,
        heard_by=_staff_named(payload.heard_by),
        request=request,
    )
    return Status(201, _intake(intake))


@router.get(
    "/intakes/mine",
    response={200: list[IntakeMineOut], **READ_PROBLEMS},
    summary="The reports I filed (status only)",
    description="`police_direct`: no agreement in the territory, the police were called directly.",
)
def intakes_mine(request: HttpRequest) -> list[IntakeMineOut]:
    scope_require(request, "read")
    return [
        IntakeMineOut(
            reference=intake.reference,
            school=intake.school.name,
            created_at=intake.created_at,
            status=cast(IntakeStatus, intake.status),
        )
        for intake in selectors.intakes_reported_by(user=request.user)
    ]


@router.post(
    "/intakes/{intake_id}/open",
    response={201: CaseSummaryOut, **WRITE_PROBLEMS},
    summary="Open a case from a report",
    description="Coordinators and principals of the report's school. Refused with 409 where the "
    "school's territory has no police–DPCP agreement in force (call the police directly).",
)
def intake_open(
    request: HttpRequest, intake_id: UUID, payload: CaseOpenIn
) -> Status[CaseSummaryOut]:
    scope_require(request, "write")
    user = signed_in_user(request)
    intake = selectors.intake_get_for_triage(user=user, intake_id=intake_id, request=request)
    case = services.case_open(
        actor=user, school=intake.school, intake=intake, summary=payload.summary, request=request
    )
    return Status(201, _case_summary(case))


@router.post(
    "/intakes/{intake_id}/close",
    response={200: IntakeOut, **WRITE_PROBLEMS},
    summary="Close a report without a case",
    description="With the reason (e.g. nothing sexual was described).",
)
def intake_close(request: HttpRequest, intake_id: UUID, payload: IntakeCloseIn) -> IntakeOut:
    scope_require(request, "write")
    user = signed_in_user(request)
    intake = selectors.intake_get_for_triage(user=user, intake_id=intake_id, request=request)
    services.intake_close(actor=user, intake=intake, reason=payload.reason, request=request)
    return _intake(intake)


@router.post(
    "/intakes/{intake_id}/police-direct",
    response={200: IntakeOut, **WRITE_PROBLEMS},
    summary="Record that the police were called directly",
    description="Where the school's territory has no police–DPCP agreement in force (no case can "
    "be opened), instead of closing the report without a case: when, which police force, the "
    "police's file number. Coordinators and principals of the report's school; 409 where the "
    "agreement is in force or the report was already triaged.",
)
def intake_police_direct(
    request: HttpRequest, intake_id: UUID, payload: IntakePoliceDirectIn
) -> IntakeOut:
    scope_require(request, "write")
    user = signed_in_user(request)
    intake = selectors.intake_get_for_triage(user=user, intake_id=intake_id, request=request)
    serving = intake.school.territory.police_force
    force = None
    if payload.police_force_id is not None:
        force = Organisation.objects.filter(
            pk=payload.police_force_id, kind=Organisation.Kind.POLICE_FORCE
        ).first()
        if force is None:
            raise IntakeInvalid(_("Choose a police force."), field="police_force_id")
    elif not payload.police_force_other.strip():
        force = serving
    services.intake_police_direct_record(
        actor=user,
        intake=intake,
        called_at=_aware(payload.called_at),
        police_force=force,
        police_force_other=payload.police_force_other,
        police_file_number=payload.police_file_number,
        request=request,
    )
    return _intake(intake)


# --- Cases -----------------------------------------------------------------------------------


@router.get(
    "/cases",
    response={200: list[CaseSummaryOut], **READ_PROBLEMS},
    summary="My work list: open cases",
    description="Open cases of the schools where I coordinate or am the principal, and cases I "
    "was invited onto. With `q`: cases whose number contains it, whatever their status.",
)
def cases_list(request: HttpRequest, q: str = "") -> list[CaseSummaryOut]:
    scope_require(request, "read")
    work = selectors.worklist_for(user=signed_in_user(request), query=q.strip()[:30])
    return [_case_summary(case) for case in work.cases]


@router.post(
    "/cases",
    response={201: CaseSummaryOut, **WRITE_PROBLEMS},
    summary="Open a case directly (without a report)",
    description="Coordinators and principals of the school. Refused with 409 where the school's "
    "territory has no police–DPCP agreement in force (call the police directly).",
)
def case_open(request: HttpRequest, payload: CaseDirectIn) -> Status[CaseSummaryOut]:
    scope_require(request, "write")
    user = signed_in_user(request)
    school = selectors.school_get_for_direct_case(user=user, school_id=payload.school_id)
    case = services.case_open(actor=user, school=school, summary=payload.summary, request=request)
    return Status(201, _case_summary(case))


@router.get(
    "/cases/{case_id}",
    response={200: CaseDetailOut, **READ_PROBLEMS},
    by_alias=True,
    summary="A case, as its team sees it",
    description="Only the case's team (404 for anyone else, administrators included). "
    "Each read is audited.",
)
def case_detail(request: HttpRequest, case_id: UUID) -> CaseDetailOut:
    scope_require(request, "read")
    case = selectors.case_get_for(user=request.user, case_id=case_id, request=request).case
    answers, result = selectors.case_grid(case)
    now = timezone.now()
    return CaseDetailOut(
        **_case_summary(case).model_dump(),
        intake_reference=case.intake.reference if case.intake else None,
        closed_at=case.closed_at,
        summary=case.summary,
        youth_protection=case.youth_protection,
        decision_justification=case.decision_justification,
        grid=(
            CaseGridOut(
                answers=answers or {},
                result=GridResultOut.model_validate(result),
                rules_version=case.grid_rules_version,
                evaluated_at=case.grid_evaluated_at,
            )
            if result is not None
            else None
        ),
        steps=[_step(step, now) for step in selectors.case_steps(case)],
        version=case.version,
    )


@router.get(
    "/cases/{case_id}/steps",
    response={200: list[StepOut], **READ_PROBLEMS},
    summary="The case's steps",
)
def case_steps(request: HttpRequest, case_id: UUID) -> list[StepOut]:
    scope_require(request, "read")
    case = selectors.case_get_for(user=request.user, case_id=case_id, request=request).case
    now = timezone.now()
    return [_step(step, now) for step in selectors.case_steps(case)]


@router.patch(
    "/cases/{case_id}/steps/{key}",
    response={200: StepOut, **WRITE_PROBLEMS},
    summary="Mark a step done, not applicable (with why), or back to do",
    description="Send the `version` you read: if someone changed the step since, 409.",
)
def case_step_update(request: HttpRequest, case_id: UUID, key: str, payload: StepIn) -> StepOut:
    scope_require(request, "write")
    case = selectors.case_get_for(user=request.user, case_id=case_id, request=request).case
    step = get_object_or_404(case.steps.select_related("done_by"), key=key)
    services.case_step_update(
        actor=signed_in_user(request),
        step=step,
        state=payload.state,
        note=payload.note,
        version=payload.version,
        request=request,
    )
    return _step(step, timezone.now())


@router.put(
    "/cases/{case_id}/grid",
    response={200: GridSavedOut, **WRITE_PROBLEMS},
    by_alias=True,
    summary="Fill in the case's evaluation grid",
    description="The answers are validated by the grid itself: an invalid incident gets 422 "
    "with one `{field, message, message_fr, code}` per problem, fields under `answers.`. "
    "Send the case's `version` you read: if someone changed it since, 409.",
)
def case_grid_put(request: HttpRequest, case_id: UUID, payload: GridIn) -> GridSavedOut:
    scope_require(request, "write")
    case = selectors.case_get_for(user=request.user, case_id=case_id, request=request).case
    try:
        services.case_grid_save(
            actor=signed_in_user(request),
            case=case,
            answers=payload.answers,
            decided_route=payload.decided_route,
            justification=payload.justification,
            version=payload.version,
            request=request,
        )
    except grid.IncidentInvalid as invalid:
        # The answers sit under `answers` in this body: the problem's fields say so.
        raise IncidentRefused(invalid, under="answers") from invalid
    _answers, result = selectors.case_grid(case)
    return GridSavedOut(
        route=case.route,
        nature=case.nature,
        youth_protection=case.youth_protection,
        decided_route=case.decided_route,
        rules_version=case.grid_rules_version,
        result=GridResultOut.model_validate(result),
        version=case.version,
    )


@router.get(
    "/cases/{case_id}/people",
    response={200: list[PersonOut], **READ_PROBLEMS},
    summary="The people involved in the case",
)
def case_people(request: HttpRequest, case_id: UUID) -> list[PersonOut]:
    scope_require(request, "read")
    access = selectors.case_get_for(user=request.user, case_id=case_id, request=request)
    people = list(access.case.people.all())
    elsewhere = selectors.case_people_elsewhere(
        access=access, people=people, user=request.user, request=request
    )
    return [_person(person, elsewhere) for person in people]


@router.post(
    "/cases/{case_id}/people",
    response={201: PersonOut, **WRITE_PROBLEMS},
    summary="Add a person involved",
    description="The name is encrypted; `other_open_cases` counts the other open cases of the "
    "same file holder that involve the same student (matched by a keyed blind index, never the "
    "name; each match shown is audited). It is null on a simulation and for readers outside the "
    "school's team.",
)
def case_person_add(request: HttpRequest, case_id: UUID, payload: PersonIn) -> Status[PersonOut]:
    scope_require(request, "write")
    access = selectors.case_get_for(user=request.user, case_id=case_id, request=request)
    person = services.case_person_add(
        actor=signed_in_user(request),
        case=access.case,
        label=payload.label.strip(),
        name=payload.name,
        age=payload.age,
        grade=payload.grade,
        roles=list(payload.roles),
        request=request,
    )
    elsewhere = selectors.case_people_elsewhere(
        access=access, people=[person], user=request.user, request=request
    )
    return Status(201, _person(person, elsewhere))


@router.get(
    "/cases/{case_id}/closure",
    response={200: list[ClosureItemOut], **READ_PROBLEMS},
    summary="What the case still needs before closing",
    description="Each missing item (a step, an awareness meeting, a young person's parents, a DPJ "
    "duty holder, the outcome) with a label and a link to the case page; empty once the case "
    "may close (the outcome aside, which the closing request carries).",
)
def case_closure(request: HttpRequest, case_id: UUID) -> list[ClosureItemOut]:
    scope_require(request, "read")
    case = selectors.case_get_for(user=request.user, case_id=case_id, request=request).case
    return [
        ClosureItemOut(kind=cast(Any, item.kind), field=item.field, label=item.label, link=item.url)
        for item in case_closure_blockers(case)
    ]


@router.post(
    "/cases/{case_id}/close",
    response={200: CaseSummaryOut, **WRITE_PROBLEMS},
    summary="Close the case",
    description="Coordinators and principals. Refused with 409 `case_not_closable` while "
    "anything is missing: one `errors[]` entry per item (`field`, `message`, `code` the kind, "
    "`link` where it is settled); nothing is saved. Send the case's `version` you read.",
)
def case_close(request: HttpRequest, case_id: UUID, payload: CaseCloseIn) -> CaseSummaryOut:
    scope_require(request, "write")
    case = selectors.case_get_for(user=request.user, case_id=case_id, request=request).case
    try:
        services.case_close(
            actor=signed_in_user(request),
            case=case,
            outcome=payload.outcome,
            version=payload.version,
            request=request,
        )
    except CaseNotClosable as refused:
        raise ClosureRefused(refused) from refused
    return _case_summary(case)


def _youth_protection_entry(
    request: HttpRequest, *, case: Case, payload: YouthProtectionIn
) -> Status[YouthProtectionOut]:
    """Record the caller's own DPJ entry on `case` and say whether it discharges their duty."""
    user = signed_in_user(request)
    entry = around_services.youth_protection_record(
        actor=user,
        case=case,
        kind=payload.kind,
        at=_aware(payload.at),
        reference=payload.reference,
        why_not=payload.why_not,
        request=request,
    )
    discharged = user not in youth_protection_status(case).missing
    return Status(
        201,
        YouthProtectionOut(
            kind=entry.kind,
            kind_label=str(entry.get_kind_display()),
            at=entry.at,
            discharged=discharged,
        ),
    )


@router.post(
    "/cases/{case_id}/youth-protection",
    response={201: YouthProtectionOut, **WRITE_PROBLEMS},
    summary="Record your own report to the DPJ (case team)",
    description="A duty holder on the case's team (not the police) records their OWN report, "
    "consultation, or why they had no reasonable cause to believe. The duty is personal: "
    "telling the coordinator does not discharge it.",
)
def case_youth_protection(
    request: HttpRequest, case_id: UUID, payload: YouthProtectionIn
) -> Status[YouthProtectionOut]:
    scope_require(request, "write")
    access = selectors.case_get_for(user=request.user, case_id=case_id, request=request)
    return _youth_protection_entry(request, case=access.case, payload=payload)


@router.post(
    "/intakes/{intake_id}/youth-protection",
    response={201: YouthProtectionOut, **WRITE_PROBLEMS},
    summary="Record your own report to the DPJ (the reporter, staff who heard the facts)",
    description="The person who filed the report, or a staff member it names as having heard "
    "the facts, records their OWN DPJ entry once a case was opened from it, without reading "
    "the case.",
)
def intake_youth_protection(
    request: HttpRequest, intake_id: UUID, payload: YouthProtectionIn
) -> Status[YouthProtectionOut]:
    scope_require(request, "write")
    case = intake_duty_case_get(user=request.user, intake_id=intake_id)
    return _youth_protection_entry(request, case=case, payload=payload)
