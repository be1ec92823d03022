"""The factories make valid things by default: what the kit's services would have made."""

from __future__ import annotations

import pytest

from sexto.directory.models import Membership, Role
from sexto.interventions.models import Case, Device, Referral
from tests.factories import (
    AwardFactory,
    CaseFactory,
    CasePersonFactory,
    DeviceFactory,
    ReferralFactory,
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
