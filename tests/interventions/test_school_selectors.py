"""Which school a person may file an intake for, and open a case at directly (the API and the
pages ask the same selectors)."""

import uuid

import pytest

from sexto.core.errors import PermissionRefused
from sexto.directory.models import Role
from sexto.interventions import selectors
from sexto.interventions.errors import IntakeInvalid
from tests.factories import MembershipFactory, SchoolFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.PRINCIPAL])
def test_coordinator_or_principal_may_open_a_case_directly(role: str) -> None:
    membership = MembershipFactory(role=role)
    school = selectors.school_get_for_direct_case(
        user=membership.user, school_id=membership.school.pk
    )
    assert school == membership.school


def test_staff_or_another_schools_coordinator_may_not_open_a_case_directly() -> None:
    staff = MembershipFactory(role=Role.STAFF)
    elsewhere = MembershipFactory(role=Role.COORDINATOR)
    for user, school_id in [
        (staff.user, staff.school.pk),
        (elsewhere.user, staff.school.pk),
        (elsewhere.user, uuid.uuid4()),
    ]:
        with pytest.raises(PermissionRefused) as refused:
            selectors.school_get_for_direct_case(user=user, school_id=school_id)
        assert refused.value.field == "school_id"


def test_staff_may_report_only_for_their_own_school() -> None:
    staff = MembershipFactory(role=Role.STAFF)
    assert (
        selectors.reporting_school_get(user=staff.user, school_id=staff.school.pk) == staff.school
    )
    with pytest.raises(IntakeInvalid) as refused:
        selectors.reporting_school_get(user=staff.user, school_id=SchoolFactory().pk)
    assert refused.value.field == "school_id"
