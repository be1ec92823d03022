"""Directory services: roles, invitations, second-factor reset — each audited."""

import pytest
from allauth.mfa.models import Authenticator
from django.core import mail

from sexto.audit.models import AuditEvent
from sexto.core.errors import Conflict
from sexto.directory.models import Membership, Role, User
from sexto.directory.services import (
    MembershipInvalid,
    membership_create,
    membership_end,
    person_invite,
    two_factor_reset,
)
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    SchoolFactory,
    UserFactory,
    World,
    world_email,
)

pytestmark = pytest.mark.django_db


def test_membership_create_is_audited_as_a_role_change() -> None:
    school = SchoolFactory()
    membership = membership_create(
        actor="system", user=UserFactory(), role=Role.COORDINATOR, school=school
    )
    event = AuditEvent.objects.get(action="membership.create")
    assert event.target_id == str(membership.pk)
    assert event.chain == f"org:{school.organisation_id}"
    assert event.changes_digest


def test_school_roles_need_a_school_and_organisation_roles_an_organisation(english: None) -> None:
    with pytest.raises(MembershipInvalid, match="belongs to a school"):
        membership_create(
            actor=None,
            user=UserFactory(),
            role=Role.COORDINATOR,
            organisation=OrganisationFactory(),
        )
    with pytest.raises(MembershipInvalid, match="not a school"):
        membership_create(
            actor=None, user=UserFactory(), role=Role.ORG_ADMIN, school=SchoolFactory()
        )
    with pytest.raises(MembershipInvalid, match="backup"):
        membership_create(
            actor=None,
            user=UserFactory(),
            role=Role.PRINCIPAL,
            school=SchoolFactory(),
            is_backup=True,
        )


def test_naming_a_new_backup_replaces_the_previous_one() -> None:
    school = SchoolFactory()
    first = membership_create(
        actor=None, user=UserFactory(), role=Role.COORDINATOR, school=school, is_backup=True
    )
    membership_create(
        actor=None, user=UserFactory(), role=Role.COORDINATOR, school=school, is_backup=True
    )
    first.refresh_from_db()
    assert not first.is_backup
    assert Membership.objects.filter(school=school, is_backup=True).count() == 1


def test_membership_end_keeps_history_and_refuses_twice() -> None:
    membership = MembershipFactory()
    membership_end(actor=None, membership=membership)
    assert not Membership.objects.current().filter(pk=membership.pk).exists()
    with pytest.raises(Conflict):
        membership_end(actor=None, membership=membership)


def test_invite_creates_the_person_and_emails_a_link_never_content(
    django_capture_on_commit_callbacks,
) -> None:
    school = SchoolFactory()
    with django_capture_on_commit_callbacks(execute=True):
        membership = person_invite(
            actor=None,
            email="Nouvelle.Personne@School.test",
            first_name="Nadia",
            last_name="Lebel",
            role=Role.STAFF,
            school=school,
            language="fr",
        )
    user = User.objects.get(email="nouvelle.personne@school.test")
    assert membership.user == user and not user.has_usable_password()
    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/key/" in mail.outbox[0].body
    assert AuditEvent.objects.filter(action="user.invite").exists()


def test_second_factor_reset_removes_it_audits_and_emails(world: World) -> None:
    user = User.objects.get(email=world_email("coordinator"))
    assert Authenticator.objects.filter(user=user).exists()
    two_factor_reset(actor="system", user=user)
    assert not Authenticator.objects.filter(user=user).exists()
    assert AuditEvent.objects.filter(action="mfa.reset", target_id=str(user.pk)).exists()
    assert mail.outbox[-1].to == [user.email]
