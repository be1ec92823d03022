"""Issue 14, item 4 — self-appointment, through the pages and the Django admin. Each test
replays what the attacker did: a service-centre administrator giving themself a case-reading role
or the trainer role; a coordinator appointed by someone other than the principal reading cases
before the principal confirmed; a principal appointed by one administrator alone."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from sexto.directory.models import Membership, Organisation, Role, School, User
from sexto.directory.permissions import (
    is_trainer,
    roles_forget,
    roles_of,
    schools_where,
)
from sexto.directory.services import (
    MembershipDecisionRefused,
    membership_confirm,
    membership_create,
)
from tests.directory.test_roles_services import _person, _second_admin
from tests.factories import World, school_member
from tests.helpers import FormClient

pytestmark = pytest.mark.django_db

PEOPLE = "/organisation/css-mille-lacs/people/"


def _client(user: User) -> Client:
    client = FormClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def _hauts_case(hauts: School) -> Any:
    from sexto.interventions.services import case_open

    coordinator = school_member(school=hauts, role=Role.COORDINATOR)
    return case_open(actor=coordinator, school=hauts, summary="Une photo circule.")


def _invite(client: Client, *, email: str, role: str, place: str) -> Any:
    return client.post(
        PEOPLE,
        {
            "email": email,
            "first_name": "Alain",
            "last_name": "Fortin",
            "role": role,
            "place": place,
            "language": "en",
        },
    )


# --- Nobody grants themself a role -------------------------------------------------------------


def test_admin_making_themself_principal_in_the_people_page_is_refused(
    admin: User, hauts: School, english: None
) -> None:
    response = _invite(
        _client(admin), email=admin.email, role=Role.PRINCIPAL, place=f"school:{hauts.pk}"
    )
    assert response.status_code == 403
    body = response.content.decode()
    assert "You cannot give yourself a role" in body
    assert 'value="Alain"' in body  # the form keeps what was typed
    assert not Membership.objects.filter(user=admin, role=Role.PRINCIPAL).exists()
    roles_forget(admin)
    assert hauts.pk not in schools_where(admin, {Role.PRINCIPAL, Role.COORDINATOR})


def test_admin_making_themself_trainer_in_the_people_page_is_refused(
    admin: User, english: None
) -> None:
    css = Organisation.objects.get(slug="css-mille-lacs")
    response = _invite(_client(admin), email=admin.email, role=Role.TRAINER, place=f"org:{css.pk}")
    assert response.status_code == 403
    assert not Membership.objects.filter(user=admin, role=Role.TRAINER).exists()
    roles_forget(admin)
    assert not is_trainer(admin)


def test_nobody_ends_their_own_role(admin: User, english: None) -> None:
    own = Membership.objects.get(user=admin, role=Role.ORG_ADMIN)
    response = _client(admin).post(f"{PEOPLE}{own.pk}/end/", follow=True)
    assert "You cannot give yourself a role or change your own roles" in (response.content.decode())
    own.refresh_from_db()
    assert own.valid_until is None


# --- Trainer roles only inside a training organisation ------------------------------------------


def test_trainer_role_outside_a_training_organisation_is_refused(
    admin: User, english: None
) -> None:
    css = Organisation.objects.get(slug="css-mille-lacs")
    response = _invite(
        _client(admin), email="colleague@css.test", role=Role.TRAINER, place=f"org:{css.pk}"
    )
    assert response.status_code == 422
    assert "The trainer role exists only in a training organisation" in response.content.decode()
    assert not Membership.objects.filter(role=Role.TRAINER, organisation=css).exists()


# --- Case-reading roles wait for the principal ------------------------------------------------


def test_coordinator_appointed_by_the_admin_reads_nothing_until_the_principal_confirms(
    admin: User, principal: User, hauts: School, django_capture_on_commit_callbacks: Any
) -> None:
    case = _hauts_case(hauts)
    newcomer = _person("new.coordinator@hauts.test", "new-coordinator")
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(
            _client(admin),
            email=newcomer.email,
            role=Role.COORDINATOR,
            place=f"school:{hauts.pk}",
        )
    assert response.status_code == 302
    membership = Membership.objects.get(user=newcomer, school=hauts, role=Role.COORDINATOR)
    assert membership.status == Membership.Status.PENDING

    reader = _client(newcomer)
    assert reader.get(f"/cases/{case.pk}/").status_code == 404
    assert reader.get("/api/v1/cases").json() == []  # nor in the API's work list
    assert reader.get("/cases/").status_code == 404  # no work list page either
    assert not any(h.role == Role.COORDINATOR for h in roles_of(newcomer))

    # The principal sees it among the appointments and confirms it.
    boss = _client(principal)
    page = boss.get("/memberships/pending/").content.decode()
    assert newcomer.email in page and f"/memberships/{membership.pk}/confirm/" in page
    with django_capture_on_commit_callbacks(execute=True):
        assert boss.post(f"/memberships/{membership.pk}/confirm/").status_code == 302
    membership.refresh_from_db()
    assert membership.status == Membership.Status.CONFIRMED
    assert membership.decided_by == principal
    assert _client(newcomer).get(f"/cases/{case.pk}/").status_code == 200


def test_the_appointee_and_the_proposer_cannot_confirm(
    admin: User, hauts: School, english: None
) -> None:
    newcomer = _person("self.confirm@hauts.test", "self-confirm")
    pending = membership_create(actor=admin, user=newcomer, role=Role.COORDINATOR, school=hauts)
    response = _client(newcomer).post(f"/memberships/{pending.pk}/confirm/")
    assert response.status_code == 403
    assert "You cannot give yourself a role" in response.content.decode()
    response = _client(admin).post(f"/memberships/{pending.pk}/confirm/")
    assert response.status_code == 403
    assert "can confirm or refuse this appointment, and never their own" in (
        response.content.decode()
    )
    pending.refresh_from_db()
    assert pending.status == Membership.Status.PENDING


def test_another_schools_principal_does_not_even_see_the_appointment(
    admin: User, hauts: School
) -> None:
    lac_vert = School.objects.get(ministry_code="751002")
    other_principal = _person("direction@lac-vert.test", "direction-lac-vert")
    membership_create(actor="system", user=other_principal, role=Role.PRINCIPAL, school=lac_vert)
    pending = membership_create(
        actor=admin,
        user=_person("someone@hauts.test", "someone-hauts"),
        role=Role.COORDINATOR,
        school=hauts,
    )
    assert _client(other_principal).post(f"/memberships/{pending.pk}/confirm/").status_code == 404


# --- A principal needs a second administrator -------------------------------------------------


def test_principal_appointment_needs_a_second_administrator(
    admin: User, principal: User, hauts: School, english: None
) -> None:
    case = _hauts_case(hauts)
    candidate = _person("new.principal@hauts.test", "new-principal")
    pending = membership_create(actor=admin, user=candidate, role=Role.PRINCIPAL, school=hauts)
    assert pending.status == Membership.Status.PENDING
    assert _client(candidate).get(f"/cases/{case.pk}/").status_code == 404

    # The administrator who proposed it cannot confirm it, nor can the sitting principal.
    with pytest.raises(MembershipDecisionRefused):
        membership_confirm(actor=admin, membership=pending)
    response = _client(principal).post(f"/memberships/{pending.pk}/confirm/")
    assert response.status_code == 403
    assert "another administrator of the service centre" in response.content.decode()

    second = _second_admin()
    assert pending in _pending_for(second)
    assert _client(second).post(f"/memberships/{pending.pk}/confirm/").status_code == 302
    pending.refresh_from_db()
    assert pending.status == Membership.Status.CONFIRMED and pending.decided_by == second
    assert _client(candidate).get(f"/cases/{case.pk}/").status_code == 200


def _pending_for(user: User) -> list[Membership]:
    from sexto.directory.selectors import memberships_pending_for

    return memberships_pending_for(user=user)


def test_a_refused_appointment_never_takes_effect(
    admin: User, principal: User, hauts: School
) -> None:
    newcomer = _person("refused@hauts.test", "refused-one")
    pending = membership_create(actor=admin, user=newcomer, role=Role.COORDINATOR, school=hauts)
    assert _client(principal).post(f"/memberships/{pending.pk}/refuse/").status_code == 302
    pending.refresh_from_db()
    assert pending.status == Membership.Status.REFUSED
    assert not schools_where(newcomer, {Role.COORDINATOR})
    with pytest.raises(Exception, match="already confirmed or refused"):
        membership_confirm(actor=principal, membership=pending)


# --- The Django admin -------------------------------------------------------------------------


def test_the_django_admin_cannot_add_or_change_memberships(
    admin: User, hauts: School, world: World
) -> None:
    superuser = world.people["superuser"]
    client = _client(superuser)
    before = Membership.objects.count()
    response = client.post(
        "/admin/directory/membership/add/",
        {
            "user": str(superuser.pk),
            "role": Role.PRINCIPAL,
            "school": str(hauts.pk),
            "valid_from": "2026-01-01",
            "status": "confirmed",
        },
    )
    assert response.status_code == 403
    assert Membership.objects.count() == before
    own_role = Membership.objects.get(user=admin, role=Role.ORG_ADMIN)
    response = client.post(
        f"/admin/directory/membership/{own_role.pk}/change/",
        {"user": str(admin.pk), "role": Role.PRINCIPAL, "school": str(hauts.pk)},
    )
    assert response.status_code == 403
    own_role.refresh_from_db()
    assert own_role.role == Role.ORG_ADMIN
    # Looking is allowed (read-only), deleting is not.
    assert client.get(f"/admin/directory/membership/{own_role.pk}/change/").status_code == 200
    assert client.post(f"/admin/directory/membership/{own_role.pk}/delete/").status_code == 403


def test_a_staff_account_cannot_make_itself_superuser_in_the_django_admin(
    world: World, english: None
) -> None:
    from django.contrib.auth.models import Permission

    staff = _person("backoffice@sexto.test", "backoffice")
    staff.is_staff = True
    staff.save(update_fields=["is_staff"])
    staff.user_permissions.add(
        *Permission.objects.filter(codename__in=["change_user", "view_user"])
    )
    now = timezone.localtime()
    response = _client(staff).post(
        f"/admin/directory/user/{staff.pk}/change/",
        {
            "email": staff.email,
            "handle": staff.handle,
            "first_name": "Pat",
            "last_name": "Essai",
            "preferred_language": "en",
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",
            "date_joined_0": now.date().isoformat(),
            "date_joined_1": now.strftime("%H:%M:%S"),
        },
    )
    assert response.status_code in (200, 302)
    staff.refresh_from_db()
    assert not staff.is_superuser


def test_nobody_changes_their_own_privileges_in_the_django_admin(
    world: World, english: None
) -> None:
    superuser = world.people["superuser"]
    joined = timezone.localtime(superuser.date_joined)
    response = _client(superuser).post(
        f"/admin/directory/user/{superuser.pk}/change/",
        {
            "email": superuser.email,
            "handle": superuser.handle,
            "first_name": superuser.first_name,
            "last_name": superuser.last_name,
            "preferred_language": "fr",
            "is_active": "on",
            "is_superuser": "on",  # is_staff left out: a change of their own privileges
            "date_joined_0": joined.date().isoformat(),
            "date_joined_1": joined.strftime("%H:%M:%S"),
        },
    )
    assert response.status_code == 200
    assert "You cannot change your own privileges" in response.content.decode()
    superuser.refresh_from_db()
    assert superuser.is_staff
