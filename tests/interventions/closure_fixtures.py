"""Fixtures of closure (shared by its service and view tests): a case where the grid requires
a DPJ report and the DPCP ordered awareness meetings, with everything closing asks for."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from sexto.interventions import services
from sexto.interventions.models import AwarenessMeeting, Case, CasePerson, Referral
from sexto.interventions.selectors.closure import case_closure_blockers
from sexto.interventions.services import around, referrals
from tests.factories import case_settle

OUTCOME = "Rencontres tenues, parents informés, soutien en place."


def _ago(**kwargs: float) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(**kwargs)


@dataclass
class Settled:
    case: Case
    a: CasePerson
    b: CasePerson
    referral: Referral
    meeting_a: AwarenessMeeting
    meeting_b: AwarenessMeeting


def _settled(people: dict[str, Any], open_case: Any) -> Settled:
    """A case with two young people, where the grid requires a DPJ report and the DPCP ordered
    awareness meetings, with everything closure asks for recorded through the services."""
    coordinator, police = people["coordinator"], people["police"]
    case = open_case()
    Case.objects.filter(pk=case.pk).update(youth_protection="required")
    case.refresh_from_db()
    a = services.case_person_add(actor=coordinator, case=case, label="A", name="Zoé T.", age=14)
    b = services.case_person_add(actor=coordinator, case=case, label="B", name="Noah G.", age=15)
    referral = referrals.referral_create(
        actor=coordinator, case=case, police_contacted_at=_ago(hours=3)
    )
    referrals.referral_acknowledge(actor=police, referral=referral)
    referral.refresh_from_db()
    referrals.determination_record(
        actor=police, referral=referral, determination="impulsive", version=referral.version
    )
    meeting_a = referrals.meeting_schedule(
        actor=police, referral=referral, person=a, scheduled_at=_ago(hours=2), with_guardian="Mère"
    )
    referrals.meeting_held(
        actor=police, meeting=meeting_a, held_at=_ago(hours=1), version=meeting_a.version
    )
    meeting_b = referrals.meeting_schedule(
        actor=police, referral=referral, person=b, scheduled_at=_ago(hours=2), with_guardian="Père"
    )
    referrals.meeting_not_held(
        actor=coordinator,
        meeting=meeting_b,
        reason="La famille a décliné la rencontre.",
        version=meeting_b.version,
    )
    around.parent_notification_record(
        actor=coordinator,
        case=case,
        person=a,
        guardian="Mère de A",
        at=_ago(hours=1),
        channel="phone",
        summary="Situation expliquée.",
    )
    around.parent_notification_record(
        actor=coordinator,
        case=case,
        person=b,
        at=_ago(hours=1),
        channel="not_done",
        why_not="La DPJ a demandé d'attendre son évaluation.",
    )
    around.youth_protection_record(
        actor=coordinator, case=case, kind="report", at=_ago(hours=2), reference="DPJ-26-0001"
    )
    case = case_settle(case=case)  # the other duty holders' reports, the remaining steps
    assert case_closure_blockers(case, outcome=OUTCOME) == []
    return Settled(case, a, b, referral, meeting_a, meeting_b)


@pytest.fixture
def settled(people: dict[str, Any], open_case: Any) -> Settled:
    return _settled(people, open_case)
