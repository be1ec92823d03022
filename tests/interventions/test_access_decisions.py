"""Issue 14, item 13 (access): every decision of interventions/permissions.py and case_get_for.

Mutation testing found changes no test caught: a professional or learner *removed* from a case
kept reading it (the `removed_at` filter could be dropped), and a learner filter without
`user=` made anyone the learner of any simulation. Each test here asserts the decision itself
(the role, 404, 403, the audit event), not only a message.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.test import RequestFactory
from django.utils import timezone

from sexto.audit.models import AccessGrant, AuditEvent
from sexto.audit.services import access_grant_open, access_grant_revoke
from sexto.core.request import request_notes
from sexto.directory.models import Membership, Organisation, Role, School, User
from sexto.interventions import permissions, selectors, services
from sexto.interventions.models import CaseMember
from sexto.interventions.permissions import (
    BREAK_GLASS,
    CASE_ACTIONS,
    COORDINATOR,
    FORMER_TEAM,
    GRANTEE,
    LEARNER,
    POLICE,
    PRINCIPAL,
    PROFESSIONAL,
    case_grant_role,
    case_may,
    case_member_needs_two_factor,
    case_team_role,
)
from sexto.interventions.services import referrals

pytestmark = pytest.mark.django_db


def _remove(member: CaseMember) -> None:
    member.removed_at = timezone.now()
    member.save(update_fields=["removed_at"])


def _simulation(user: User, school: School) -> Any:
    return services.case_open(actor=user, school=school, summary="Cas fictif.", simulation=True)


# ---- case_team_role, decision by decision ------------------------------------------------------


def test_nobody_signed_out_has_a_role(people, open_case, school):
    for case in (open_case(), _simulation(people["learner"], school)):
        for nobody in (AnonymousUser(), None):  # no user at all: no role either, no error
            assert case_team_role(user=nobody, case=case) is None
            assert case_grant_role(user=nobody, case=case) == (None, None)
        assert case_member_needs_two_factor(AnonymousUser()) is False


def test_the_schools_principal_and_coordinators_by_their_roles(people, open_case):
    case = open_case()
    assert case_team_role(user=people["principal"], case=case) == PRINCIPAL
    assert case_team_role(user=people["coordinator"], case=case) == COORDINATOR
    assert case_team_role(user=people["backup"], case=case) == COORDINATOR
    # Another school's coordinator, the reporter, admins and superusers: no role.
    for who in ("other_coordinator", "staff", "admin", "superuser", "privacy"):
        assert case_team_role(user=people[who], case=case) is None, who


def test_a_principal_who_is_also_coordinator_acts_as_principal(people, open_case, school):
    case = open_case()
    # Appointed and confirmed (a principal appointment needs a second administrator).
    Membership.objects.create(
        user=people["coordinator"],
        school=school,
        role=Role.PRINCIPAL,
        valid_from=datetime.date(2020, 1, 1),
        status=Membership.Status.CONFIRMED,
    )
    coordinator = User.objects.get(pk=people["coordinator"].pk)  # roles are cached per object
    assert case_team_role(user=coordinator, case=case) == PRINCIPAL


def test_an_ended_school_role_gives_no_role(people, open_case, school):
    case = open_case()
    Membership.objects.filter(user=people["coordinator"], school=school).update(
        valid_until=timezone.localdate() - datetime.timedelta(days=1)
    )
    coordinator = User.objects.get(pk=people["coordinator"].pk)
    assert case_team_role(user=coordinator, case=case) is None


def test_an_invitation_counts_on_its_own_case_and_as_a_professional_only(people, open_case):
    case, other = open_case(), open_case()
    services.professional_invite(actor=people["principal"], case=case, user=people["professional"])
    assert case_team_role(user=people["professional"], case=case) == PROFESSIONAL
    assert case_team_role(user=people["professional"], case=other) is None
    # A learner row on a real case (never made by a service) makes nobody a professional.
    CaseMember.objects.create(case=other, user=people["staff"], kind=CaseMember.Kind.LEARNER)
    assert case_team_role(user=people["staff"], case=other) is None


def test_on_a_simulation_only_its_own_learner_row_counts(people, school):
    case = _simulation(people["learner"], school)
    # A professional row on a simulation (never made by a service) makes nobody its learner.
    CaseMember.objects.create(
        case=case, user=people["professional"], kind=CaseMember.Kind.PROFESSIONAL
    )
    assert case_team_role(user=people["professional"], case=case) is None
    assert case_team_role(user=people["learner"], case=case) == LEARNER


def test_the_police_join_once_the_case_is_referred_to_their_force(people, open_case):
    case = open_case()
    assert case_team_role(user=people["police"], case=case) is None
    referrals.referral_create(
        actor=people["coordinator"], case=case, police_contacted_at=timezone.now()
    )
    assert case_team_role(user=people["police"], case=case) == POLICE
    other_force = User.objects.create_user(
        email="liaison@spvm.test", handle="liaison-spvm", password="x-Pass-9876!"
    )
    Membership.objects.create(
        user=other_force,
        organisation=Organisation.objects.get(slug="spvm"),
        role=Role.POLICE_LIAISON,
        valid_from=datetime.date(2020, 1, 1),
        status=Membership.Status.CONFIRMED,
    )
    assert case_team_role(user=other_force, case=case) is None
    assert case_team_role(user=people["police"], case=open_case()) is None


# ---- case_grant_role ---------------------------------------------------------------------------


def _open_grant(people: dict[str, User], case: Any, who: str, kind: str) -> AccessGrant:
    return access_grant_open(
        actor=people["coordinator"],
        grantee=people[who],
        kind=kind,
        target=case,
        reason="Relève.",
        ends_at=timezone.now() + datetime.timedelta(days=1),
        reference=case.number or "",
    )


def test_a_live_grant_or_break_glass_gives_its_role_with_the_grant(people, open_case):
    case = open_case()
    assert case_grant_role(user=people["other_coordinator"], case=case) == (None, None)
    grant = _open_grant(people, case, "other_coordinator", AccessGrant.Kind.GRANT)
    assert case_grant_role(user=people["other_coordinator"], case=case) == (GRANTEE, grant)
    glass = _open_grant(people, case, "privacy", AccessGrant.Kind.BREAK_GLASS)
    assert case_grant_role(user=people["privacy"], case=case) == (BREAK_GLASS, glass)
    access_grant_revoke(actor=people["coordinator"], grant=grant)
    assert case_grant_role(user=people["other_coordinator"], case=case) == (None, None)


def test_no_grant_ever_opens_a_simulation(people, school):
    case = _simulation(people["learner"], school)
    _open_grant(people, case, "coordinator", AccessGrant.Kind.GRANT)  # forged: no service does it
    assert case_grant_role(user=people["coordinator"], case=case) == (None, None)
    with pytest.raises(Http404):
        selectors.case_get_for(user=people["coordinator"], case_id=case.pk)


# ---- case_may: DESIGN.md's permission table, written out -----------------------------------

EXPECTED = {
    # the school a case was transferred from reads it for 30 days (issue 18)
    "read": {
        COORDINATOR,
        PRINCIPAL,
        PROFESSIONAL,
        LEARNER,
        POLICE,
        GRANTEE,
        BREAK_GLASS,
        FORMER_TEAM,
    },
    "edit": {COORDINATOR, PRINCIPAL, LEARNER},
    # each records their own DPJ duty (the service checks they are a duty holder)
    "youth_protection": {COORDINATOR, PRINCIPAL, PROFESSIONAL, LEARNER},
    "note": {COORDINATOR, PRINCIPAL, PROFESSIONAL, LEARNER},
    "support": {COORDINATOR, PRINCIPAL, PROFESSIONAL, LEARNER},
    "refer_close": {COORDINATOR, PRINCIPAL, LEARNER},
    "manage_team": {COORDINATOR, PRINCIPAL},
    "who_looked": {COORDINATOR, PRINCIPAL, PROFESSIONAL, POLICE},
    "police": {POLICE},
    "meetings": {POLICE, COORDINATOR, PRINCIPAL, LEARNER},
    "match_people": {COORDINATOR, PRINCIPAL, PROFESSIONAL},
    "dg_report": {PRINCIPAL},
    "transfer": {COORDINATOR, PRINCIPAL},
}
ROLES = (COORDINATOR, PRINCIPAL, PROFESSIONAL, LEARNER, POLICE, GRANTEE, BREAK_GLASS, FORMER_TEAM)


@pytest.mark.parametrize("action", sorted(EXPECTED))
def test_each_role_may_exactly_what_the_table_says(action):
    assert set(CASE_ACTIONS) == set(EXPECTED)
    for role in ROLES:
        assert case_may(role=role, action=action) is (role in EXPECTED[action]), (role, action)
    assert case_may(role=None, action=action) is False
    assert case_may(role="administrator", action=action) is False


# ---- The two-factor capability -------------------------------------------------------------


def test_only_a_live_membership_of_a_real_case_needs_totp(people, open_case, school):
    case = open_case()
    assert case_member_needs_two_factor(people["staff"]) is False
    # Someone else's membership is not theirs.
    services.professional_invite(actor=people["principal"], case=case, user=people["professional"])
    assert case_member_needs_two_factor(people["professional"]) is True
    assert case_member_needs_two_factor(people["staff"]) is False
    member = CaseMember.objects.create(
        case=case, user=people["staff"], kind=CaseMember.Kind.PROFESSIONAL
    )
    assert case_member_needs_two_factor(people["staff"]) is True
    _remove(member)
    assert case_member_needs_two_factor(people["staff"]) is False
    _simulation(people["staff"], school)
    assert case_member_needs_two_factor(people["staff"]) is False
    assert permissions.case_member_needs_two_factor(people["learner"]) is False


# ---- case_get_for ------------------------------------------------------------------------------


def _request(user: User) -> Any:
    request = RequestFactory().get("/cases/")
    request.user = user
    return request


def test_case_get_for_audits_one_read_per_request_saying_how(people, open_case):
    case = open_case()
    request = _request(people["coordinator"])
    for _ in range(2):
        got = selectors.case_get_for(user=people["coordinator"], case_id=case.pk, request=request)
        assert got.case == case and got.role == COORDINATOR and got.grant is None
    reads = AuditEvent.objects.filter(action="case.read", target_id=str(case.pk))
    assert reads.count() == 1
    # Noted in the request's typed notes, not in an attribute set on the request.
    assert request_notes(request).case_reads == {case.pk}
    assert not hasattr(request, "_sexto_case_reads")
    grant = _open_grant(people, case, "other_coordinator", AccessGrant.Kind.GRANT)
    got = selectors.case_get_for(
        user=people["other_coordinator"], case_id=case.pk, request=_request(people["staff"])
    )
    assert (got.role, got.grant) == (GRANTEE, grant)
    assert AuditEvent.objects.filter(action="case.read.grant", target_id=str(case.pk)).count() == 1
    _open_grant(people, case, "privacy", AccessGrant.Kind.BREAK_GLASS)
    got = selectors.case_get_for(user=people["privacy"], case_id=case.pk, request=None)
    assert got.role == BREAK_GLASS
    assert AuditEvent.objects.filter(action="case.read.break_glass").count() == 1


def test_case_get_for_refuses_with_404_audited_once_per_request(people, open_case):
    case = open_case()
    request = _request(people["staff"])
    for _ in range(2):
        with pytest.raises(Http404):
            selectors.case_get_for(user=people["staff"], case_id=case.pk, request=request)
    refused = AuditEvent.objects.filter(action="access.refused", target_id=str(case.pk))
    assert refused.count() == 1 and refused.get().chain == case.audit_chain
    assert request_notes(request).case_refusals == {str(case.pk)}
    assert not hasattr(request, "_sexto_case_refusals")
    missing = "00000000-0000-0000-0000-000000000000"
    with pytest.raises(Http404):
        selectors.case_get_for(user=people["staff"], case_id=missing, request=request)
    assert AuditEvent.objects.get(action="access.refused", target_id=missing).chain == "platform"


def test_case_get_for_hides_simulations_when_asked_and_never_audits_them(people, school):
    case = _simulation(people["learner"], school)
    before = AuditEvent.objects.count()
    got = selectors.case_get_for(user=people["learner"], case_id=case.pk, request=None)
    assert got.role == LEARNER
    with pytest.raises(Http404):
        selectors.case_get_for(
            user=people["staff"], case_id=case.pk, request=_request(people["staff"])
        )
    assert AuditEvent.objects.count() == before  # neither the read nor the refusal
    # Where only real cases may be reached, a simulation is no case at all.
    with pytest.raises(Http404):
        selectors.case_get_for(user=people["learner"], case_id=case.pk, include_simulations=False)


def test_an_ended_grant_is_told_when_it_ended(people, open_case):
    case = open_case()
    grant = _open_grant(people, case, "other_coordinator", AccessGrant.Kind.GRANT)
    access_grant_revoke(actor=people["coordinator"], grant=grant)
    with pytest.raises(Http404) as refused:
        selectors.case_get_for(user=people["other_coordinator"], case_id=case.pk)
    assert case.number in str(refused.value)
    assert getattr(refused.value, "sexto_detail", None) == str(refused.value)
    assert AuditEvent.objects.filter(
        action="access.refused.grant_ended", target_id=str(case.pk)
    ).exists()
