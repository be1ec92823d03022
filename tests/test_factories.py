"""The factories make valid things by default: what the kit's services would have made."""

from __future__ import annotations

import pytest

from sexto.audit.models import AuditEvent
from sexto.directory.models import Membership, Role
from sexto.interventions.models import Case, CaseStep, Device, Referral
from sexto.privacy.models import PrivacyIncidentVersion
from tests.factories import (
    AwardFactory,
    CaseFactory,
    CasePersonFactory,
    DeviceFactory,
    PrivacyIncidentFactory,
    ReferralFactory,
    case_closed,
    history_build,
    world_build,
)
from tests.helpers import FormClient, sign_in

pytestmark = pytest.mark.django_db


def test_a_case_has_a_number_steps_and_a_team_at_a_school_with_an_agreement() -> None:
    case = CaseFactory()
    assert case.number and case.status == Case.Status.OPEN
    assert case.steps.exists() and case.chronology.exists()
    assert case.intake is not None and case.intake.school == case.school
    coordinator = Membership.objects.get(user=case.opened_by)
    assert coordinator.role == Role.COORDINATOR and coordinator.school == case.school
    assert CaseFactory(school=case.school).opened_by == case.opened_by


def test_devices_referrals_and_people_belong_to_one_case() -> None:
    device = DeviceFactory()
    assert device.status == Device.Status.IN_CUSTODY and device.custody.exists()
    referral = ReferralFactory(case=device.case)
    assert referral.police_force == device.case.school.territory.police_force
    assert Referral.objects.filter(case=device.case).count() == 1
    person = CasePersonFactory(case=device.case, name="Zoé Lavoie")
    assert person.name == "Zoé Lavoie"


def test_an_award_carries_the_name_the_recipient_has_now() -> None:
    award = AwardFactory()
    assert award.recipient_name == award.recipient.get_full_name()
    assert award.badge_slug == award.level.badge_slug


def test_everyone_in_the_world_signs_in_with_two_factors() -> None:
    world = world_build()
    for key in ("coordinator", "police", "privacy", "learner"):
        client = FormClient()
        sign_in(client, world.people[key].email)
        assert client.get("/").status_code in {200, 302}, key
    assert not any(user.email.endswith(".demo") for user in world.people.values())


def test_a_closed_case_has_every_step_settled_and_an_outcome() -> None:
    case = case_closed(case=CaseFactory())
    assert case.status == Case.Status.CLOSED and case.closed_at is not None and case.outcome
    assert not case.steps.filter(state=CaseStep.State.PENDING).exists()


def test_an_incident_is_numbered_versioned_and_audited_by_an_officer_of_its_organisation() -> None:
    incident = PrivacyIncidentFactory()
    officer = Membership.objects.get(role=Role.PRIVACY_OFFICER)
    assert officer.organisation == incident.organisation
    assert incident.reference.startswith("INC-")
    assert PrivacyIncidentVersion.objects.filter(incident=incident, number=1).exists()
    assert AuditEvent.objects.filter(action="privacy_incident.create").count() == 1


def test_a_history_is_closed_cases_in_past_quarters_the_same_every_run() -> None:
    world = world_build()
    schools = [(world.schools["751002"], world.people["other_coordinator"], 1, 7)]
    made = history_build(schools=schools, quarters=2)
    assert 2 <= made <= 14 and Case.objects.count() == made
    assert not Case.objects.exclude(status=Case.Status.CLOSED).exists()
    assert history_build(schools=schools, quarters=2) == made  # seeded: the same draw again
