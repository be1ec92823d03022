"""Reads of the police referral: the case's referral with its meetings, the delays that matter,
the police liaison's inbox (which reads no encrypted field)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any, NamedTuple
from uuid import UUID

from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sexto.directory.models import Membership, Role
from sexto.directory.types import Viewer
from sexto.interventions.models import AwarenessMeeting, Case, Referral
from sexto.interventions.selectors.cases import CaseAccess, case_get_for

# Police inbox states, in the order a referral goes through them.
AWAITING_ACKNOWLEDGEMENT = "awaiting_acknowledgement"
AWAITING_DETERMINATION = "awaiting_determination"
IMPULSIVE = "impulsive"
MALICIOUS = "malicious"
# Past the determination, a referral's state is its outcome (Referral.Determination's values).
STATE_LABELS = {
    AWAITING_ACKNOWLEDGEMENT: gettext_lazy("Awaiting acknowledgement"),
    AWAITING_DETERMINATION: gettext_lazy("Awaiting the DPCP's determination"),
    IMPULSIVE: gettext_lazy("Impulsive: awareness meetings"),
    MALICIOUS: gettext_lazy("Malicious: criminal investigation"),
    **{
        outcome.value: outcome.label
        for outcome in Referral.Determination
        if outcome.value not in ("", IMPULSIVE, MALICIOUS)
    },
}


def _with_meetings(queryset: QuerySet[Referral], *, with_case: bool = True) -> QuerySet[Referral]:
    related = ["police_force", "referred_by", "acknowledged_by"]
    if with_case:
        related.append("case")
    return queryset.select_related(*related).prefetch_related(
        Prefetch(
            "meetings",
            queryset=AwarenessMeeting.objects.select_related("person", "recorded_by").order_by(
                "scheduled_at", "pk"
            ),
        )
    )


def case_referral(case: Case) -> Referral | None:
    """The case's latest referral, with its meetings (and each meeting's person)."""
    referral = (
        _with_meetings(Referral.objects.filter(case=case), with_case=False)
        .order_by("-referred_at")
        .first()
    )
    if referral is not None:
        # The case in hand, rather than a copy joined into the query (its many columns were most
        # of the query's cost on every case page).
        referral.case = case
    return referral


def case_referrals(case: Case) -> list[Referral]:
    """Every referral of the case, newest first, with their meetings."""
    return list(_with_meetings(Referral.objects.filter(case=case)).order_by("-referred_at"))


class Delay(NamedTuple):
    label: Any  # lazy: rendered in the language active where it is shown
    start: datetime.datetime | None
    end: datetime.datetime | None
    duration: datetime.timedelta | None


def _delay(label: Any, start: datetime.datetime | None, end: datetime.datetime | None) -> Delay:
    duration = end - start if start is not None and end is not None else None
    return Delay(label, start, end, duration)


def case_delays(case: Case, referral: Referral | None = None) -> list[Delay]:
    """The delays that matter: intake → police contacted → determination → meetings held (the
    last row once every meeting is held; only an impulsive determination, or none yet, has it)."""
    referral = referral if referral is not None else case_referral(case)
    told_at = case.intake.told_at if case.intake_id and case.intake else case.opened_at
    contacted = case.police_contacted_at
    determined = referral.determined_at if referral else None
    rows = [
        _delay(gettext_lazy("Report → police contacted"), told_at, contacted),
        _delay(gettext_lazy("Police contacted → DPCP determination"), contacted, determined),
    ]
    if referral is None or referral.determination in ("", Referral.Determination.IMPULSIVE):
        meetings = list(referral.meetings.all()) if referral else []
        held = [m.held_at for m in meetings if m.held_at is not None]
        all_held = bool(meetings) and len(held) == len(meetings)
        rows.append(
            _delay(
                gettext_lazy("DPCP determination → awareness meetings held"),
                determined,
                max(held) if all_held else None,
            )
        )
    return rows


def referral_state(referral: Referral) -> str:
    """Awaiting acknowledgement, awaiting the determination, or the outcome recorded."""
    if referral.determination:
        return str(referral.determination)
    if referral.acknowledged_at is None:
        return AWAITING_ACKNOWLEDGEMENT
    return AWAITING_DETERMINATION


def referral_get_for(
    *, user: Viewer, referral_id: UUID | str, request: HttpRequest | None = None
) -> tuple[Referral, CaseAccess]:
    """The referral and the user's access to its case; Http404 for anyone off the case's team."""
    case_id = Referral.objects.filter(pk=referral_id).values_list("case_id", flat=True).first()
    if case_id is None:
        raise Http404(_("No such case among those you may see."))
    access = case_get_for(user=user, case_id=case_id, request=request)
    referral = _with_meetings(Referral.objects.filter(pk=referral_id)).get()
    referral.case = access.case
    return referral, access


def referral_reload(*, referral_id: UUID | str, case: Case) -> Referral:
    """The referral as stored now (after a write), with its meetings, on the checked case."""
    referral = _with_meetings(Referral.objects.filter(pk=referral_id, case=case)).get()
    referral.case = case
    return referral


def meeting_get_for(
    *, user: Viewer, meeting_id: int | str, request: HttpRequest | None = None
) -> tuple[AwarenessMeeting, CaseAccess]:
    """The awareness meeting and the user's access to its case; Http404 off the team."""
    case_id = (
        AwarenessMeeting.objects.filter(pk=meeting_id)
        .values_list("referral__case_id", flat=True)
        .first()
    )
    if case_id is None:
        raise Http404(_("No such case among those you may see."))
    access = case_get_for(user=user, case_id=case_id, request=request)
    meeting = AwarenessMeeting.objects.select_related("referral__police_force", "person").get(
        pk=meeting_id
    )
    meeting.referral.case = access.case
    return meeting, access


@dataclass
class Contact:
    name: str
    email: str
    role: Any  # lazy label
    is_backup: bool


def school_contacts(case: Case) -> list[Contact]:
    """The school's coordinators (backup marked) and principal, as of today: names and emails."""
    memberships = (
        Membership.objects.current()
        .filter(school=case.school, role__in=[Role.PRINCIPAL, Role.COORDINATOR])
        .select_related("user")
        .order_by("role", "is_backup", "user__last_name")
    )
    return [
        Contact(
            name=m.user.display_name,
            email=m.user.email,
            role=Role(m.role).label,
            is_backup=m.is_backup,
        )
        for m in memberships
        if m.user.is_active
    ]
