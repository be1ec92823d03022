"""Issue 14, item 3, the selectors and services: a case-team member without TOTP is held by
case_get_for until they set it up, again after a second-factor reset, and no longer once removed
from the team (test_team_two_factor_views.py replays the attack through the pages and the API)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.http import Http404

from sexto.directory.models import Role, School, User
from sexto.directory.permissions import user_requires_two_factor
from sexto.directory.services import membership_create
from sexto.interventions import selectors, services
from sexto.interventions.models import CaseMember
from tests.factories import TOTP_SECRET

pytestmark = pytest.mark.django_db

PASSWORD = "x-Pass-9876!"


def _teacher_without_totp(
    school: School, admin: User, email: str = "remplacant@hauts-sommets.test"
):
    """A teacher of the school with a verified email and a password, and no authenticator."""
    user = User.objects.create_user(email=email, handle=email.split("@")[0], password=PASSWORD)
    user.first_name, user.last_name = "Rémi", "Remplaçant"
    user.save(update_fields=["first_name", "last_name"])
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    membership_create(actor=admin, user=user, role=Role.STAFF, school=school)
    return user


def _member_from_before(case: Any, user: User, principal: User) -> CaseMember:
    """A membership given before the rule existed (the invitation is refused now)."""
    return CaseMember.objects.create(
        case=case, user=user, kind=CaseMember.Kind.PROFESSIONAL, added_by=principal
    )


def test_case_get_for_holds_a_member_without_totp_and_lets_them_in_once_set_up(
    people, school, open_case
):
    from sexto.directory.permissions import TwoFactorRequired

    case = open_case()
    teacher = _teacher_without_totp(school, people["admin"])
    _member_from_before(case, teacher, people["principal"])
    with pytest.raises(TwoFactorRequired) as held:
        selectors.case_get_for(user=teacher, case_id=case.pk)
    assert held.value.status == 403 and held.value.code == "two_factor_required"
    TOTP.activate(teacher, TOTP_SECRET)
    access = selectors.case_get_for(user=teacher, case_id=case.pk)
    assert access.role == "professional"


def test_a_second_factor_reset_holds_a_member_again(people, open_case):
    from sexto.directory.permissions import TwoFactorRequired

    case = open_case()
    services.professional_invite(actor=people["principal"], case=case, user=people["professional"])
    Authenticator.objects.filter(user=people["professional"]).delete()
    with pytest.raises(TwoFactorRequired):
        selectors.case_get_for(user=people["professional"], case_id=case.pk)
    # Outsiders still get 404 first: the second-factor question never reveals a case.
    with pytest.raises(Http404):
        selectors.case_get_for(user=people["staff"], case_id=case.pk)


def test_a_removed_member_no_longer_needs_totp_for_the_team(people, school, open_case):
    case = open_case()
    teacher = _teacher_without_totp(school, people["admin"])
    member = _member_from_before(case, teacher, people["principal"])
    assert user_requires_two_factor(teacher) is True
    member.removed_at = member.added_at + datetime.timedelta(minutes=1)
    member.save(update_fields=["removed_at"])
    assert user_requires_two_factor(teacher) is False
