"""API: the kit's referrals endpoints (same services and permissions as the pages)."""

from __future__ import annotations

import datetime
from typing import Literal
from uuid import UUID

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from sexto.api.auth import scope_require
from sexto.api.problems import InputInvalid, problems
from sexto.core.validators import FreeText
from sexto.directory.models import Organisation
from sexto.directory.selectors import signed_in_user
from sexto.interventions import selectors
from sexto.interventions.models import AwarenessMeeting, Case, CasePerson, Referral
from sexto.interventions.outcomes import outcomes_allowed
from sexto.interventions.selectors import referrals as referral_selectors
from sexto.interventions.services import referrals as services

router = Router(tags=["referrals"])


PROBLEMS = problems(400, 403, 404, 409, 422)


class ReferralIn(Schema):
    police_contacted_at: datetime.datetime
    police_force_id: UUID | None = None


class AcknowledgeIn(Schema):
    police_file_number: FreeText = ""


Outcome = Literal["impulsive", "malicious", "no_offence", "extrajudicial", "charges", "other"]


class DeterminationIn(Schema):
    determination: Outcome
    other_text: FreeText = ""
    note: FreeText = ""
    version: int


class CorrectionIn(Schema):
    determination: Outcome
    other_text: FreeText = ""
    reason: FreeText
    version: int


class MeetingIn(Schema):
    person_id: int
    scheduled_at: datetime.datetime
    with_guardian: FreeText = ""


class HeldIn(Schema):
    held_at: datetime.datetime
    version: int


class ForceOut(Schema):
    id: UUID
    name: str


class MeetingOut(Schema):
    id: int
    person_id: int
    person_label: str
    with_guardian: str
    scheduled_at: datetime.datetime
    held_at: datetime.datetime | None
    version: int


class ReferralOut(Schema):
    id: UUID
    case_id: UUID
    case_number: str | None
    police_force: ForceOut
    referred_at: datetime.datetime
    police_contacted_at: datetime.datetime
    acknowledged_at: datetime.datetime | None
    police_file_number: str
    determination: str
    determination_other: str
    determined_at: datetime.datetime | None
    outcome_at: datetime.datetime | None
    determination_note: str
    outcomes_allowed: list[str]
    investigation_opened_at: datetime.datetime | None
    state: str
    version: int
    meetings: list[MeetingOut]


def _meeting_out(meeting: AwarenessMeeting) -> MeetingOut:
    return MeetingOut(
        id=meeting.pk,
        person_id=meeting.person_id,
        person_label=meeting.person.label,
        with_guardian=meeting.with_guardian,
        scheduled_at=meeting.scheduled_at,
        held_at=meeting.held_at,
        version=meeting.version,
    )


def _referral_out(referral: Referral) -> ReferralOut:
    return ReferralOut(
        id=referral.pk,
        case_id=referral.case_id,
        case_number=referral.case.number,
        police_force=ForceOut(id=referral.police_force.pk, name=referral.police_force.name),
        referred_at=referral.referred_at,
        police_contacted_at=referral.police_contacted_at,
        acknowledged_at=referral.acknowledged_at,
        police_file_number=referral.police_file_number,
        determination=referral.determination,
        determination_other=referral.determination_other,
        determined_at=referral.determined_at,
        outcome_at=referral.outcome_at,
        determination_note=referral.determination_note,
        outcomes_allowed=[o.value for o in outcomes_allowed(referral.determination)],
        investigation_opened_at=referral.investigation_opened_at,
        state=referral_selectors.referral_state(referral),
        version=referral.version,
        meetings=[_meeting_out(m) for m in referral.meetings.all()],
    )


def _reloaded(referral_id: UUID, case: Case) -> ReferralOut:
    return _referral_out(referral_selectors.referral_reload(referral_id=referral_id, case=case))


@router.get(
    "/cases/{case_id}/referrals",
    response={200: list[ReferralOut], **problems(403, 404)},
    summary="The case's referrals to the police, newest first, with their meetings",
)
def referrals_list(request: HttpRequest, case_id: UUID) -> list[ReferralOut]:
    scope_require(request, "read")
    access = selectors.case_get_for(user=request.user, case_id=case_id, request=request)
    referrals = referral_selectors.case_referrals(access.case)
    for referral in referrals:
        referral.case = access.case
    return [_referral_out(r) for r in referrals]


@router.post(
    "/cases/{case_id}/referrals",
    response={201: ReferralOut, **PROBLEMS},
    summary="Refer the case to the police force serving the school's territory",
    description="Only that force: naming another one is refused (400) with the force to use.",
)
def referral_create(
    request: HttpRequest, case_id: UUID, payload: ReferralIn
) -> Status[ReferralOut]:
    scope_require(request, "write")
    access = selectors.case_get_for(user=request.user, case_id=case_id, request=request)
    force = None
    if payload.police_force_id is not None:
        force = Organisation.objects.filter(pk=payload.police_force_id).first()
        if force is None:
            raise InputInvalid(_("No such police force."), field="police_force_id")
    referral = services.referral_create(
        actor=signed_in_user(request),
        case=access.case,
        police_contacted_at=payload.police_contacted_at,
        police_force=force,
        request=request,
    )
    return Status(201, _reloaded(referral.pk, access.case))


@router.post(
    "/referrals/{referral_id}/acknowledge",
    response={200: ReferralOut, **PROBLEMS},
    summary="Acknowledge a referral (police liaison of the force referred to)",
)
def referral_acknowledge(
    request: HttpRequest, referral_id: UUID, payload: AcknowledgeIn
) -> ReferralOut:
    scope_require(request, "write")
    referral, access = referral_selectors.referral_get_for(
        user=request.user, referral_id=referral_id, request=request
    )
    services.referral_acknowledge(
        actor=signed_in_user(request),
        referral=referral,
        police_file_number=payload.police_file_number,
        request=request,
    )
    return _reloaded(referral.pk, access.case)


@router.post(
    "/referrals/{referral_id}/determination",
    response={200: ReferralOut, **PROBLEMS},
    summary="Record the police and DPCP outcome (after malicious: the investigation's end)",
    description="On an acknowledged referral; `outcomes_allowed` lists what its state allows "
    "(another is refused, 409). `other` needs `other_text`. `version` is the referral's, as "
    "read: a stale one is refused (409).",
)
def determination_record(
    request: HttpRequest, referral_id: UUID, payload: DeterminationIn
) -> ReferralOut:
    scope_require(request, "write")
    referral, access = referral_selectors.referral_get_for(
        user=request.user, referral_id=referral_id, request=request
    )
    services.determination_record(
        actor=signed_in_user(request),
        referral=referral,
        determination=payload.determination,
        other_text=payload.other_text,
        note=payload.note,
        version=payload.version,
        request=request,
    )
    return _reloaded(referral.pk, access.case)


@router.post(
    "/referrals/{referral_id}/determination/correct",
    response={200: ReferralOut, **PROBLEMS},
    summary="Correct a recorded police and DPCP outcome, with the reason (audited)",
    description="`version` is the referral's, as read: a stale one is refused (409).",
)
def determination_correct(
    request: HttpRequest, referral_id: UUID, payload: CorrectionIn
) -> ReferralOut:
    scope_require(request, "write")
    referral, access = referral_selectors.referral_get_for(
        user=request.user, referral_id=referral_id, request=request
    )
    services.determination_correct(
        actor=signed_in_user(request),
        referral=referral,
        determination=payload.determination,
        other_text=payload.other_text,
        reason=payload.reason,
        version=payload.version,
        request=request,
    )
    return _reloaded(referral.pk, access.case)


@router.post(
    "/referrals/{referral_id}/meetings",
    response={201: MeetingOut, **PROBLEMS},
    summary="Schedule a SEXTO awareness meeting (after an impulsive determination)",
)
def meeting_schedule(
    request: HttpRequest, referral_id: UUID, payload: MeetingIn
) -> Status[MeetingOut]:
    scope_require(request, "write")
    referral, access = referral_selectors.referral_get_for(
        user=request.user, referral_id=referral_id, request=request
    )
    person = CasePerson.objects.filter(pk=payload.person_id, case=access.case).first()
    if person is None:
        raise InputInvalid(_("Choose a person involved in this case."), field="person_id")
    meeting = services.meeting_schedule(
        actor=signed_in_user(request),
        referral=referral,
        person=person,
        scheduled_at=payload.scheduled_at,
        with_guardian=payload.with_guardian,
        request=request,
    )
    return Status(201, _meeting_out(meeting))


@router.post(
    "/meetings/{meeting_id}/held",
    response={200: MeetingOut, **PROBLEMS},
    summary="Record an awareness meeting as held",
    description="`version` is the meeting's, as read: a stale one is refused (409).",
)
def meeting_held(request: HttpRequest, meeting_id: int, payload: HeldIn) -> MeetingOut:
    scope_require(request, "write")
    meeting, _access = referral_selectors.meeting_get_for(
        user=request.user, meeting_id=meeting_id, request=request
    )
    services.meeting_held(
        actor=signed_in_user(request),
        meeting=meeting,
        held_at=payload.held_at,
        version=payload.version,
        request=request,
    )
    return _meeting_out(meeting)
