"""Issue 14, item 4 — self-appointment. Each test replays what the attacker did: a service-centre
administrator giving themself a case-reading role or the trainer role, in the pages, the services
and the Django admin; a coordinator appointed by someone other than the principal reading cases
before the principal confirmed; a principal appointed by one administrator alone."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from sexto.audit.models import AuditEvent
from sexto.directory.models import Membership, Organisation, Role, School, User
from sexto.directory.permissions import (
    is_trainer,
    roles_forget,
    roles_of,
    schools_where,
)
from sexto.directory.services import (
    MembershipDecisionRefused,
    MembershipInvalid,
    MembershipNotAllowed,
    MembershipSelfChange,
    membership_confirm,
    membership_create,
    membership_end,
    membership_refuse,
)
from sexto.interventions.models import Notification
from tests.factories import TwoFactorUserFactory, World, school_member
from tests.helpers import FormClient

pytestmark = pytest.mark.django_db

PEOPLE = "/organisation/css-mille-lacs/people/"


@pytest.fixture
def hauts(world: World) -> School:
    return world.schools["751001"]


@pytest.fixture
def admin(world: World) -> User:
    return world.people["admin"]


@pytest.fixture
def principal(world: World) -> User:
    return world.people["principal"]


def _person(email: str, handle: str) -> User:
    """An account with a second factor (case-reading roles need one)."""
    return TwoFactorUserFactory(
        email=email, handle=handle, first_name="Pat", last_name="Essai", preferred_language="en"
    )


def _second_admin() -> User:
    user = _person("admin2@css-mille-lacs.test", "admin-deux")
    membership_create(
        actor="system",
        user=user,
        role=Role.ORG_ADMIN,
        organisation=Organisation.objects.get(slug="css-mille-lacs"),
    )
    return user


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


@pytest.mark.parametrize("role", [Role.PRINCIPAL, Role.COORDINATOR, Role.STAFF])
def test_nobody_grants_themself_any_role_through_the_service(
    admin: User, hauts: School, role: str
) -> None:
    with pytest.raises(MembershipSelfChange):
        membership_create(actor=admin, user=admin, role=role, school=hauts)
    assert not Membership.objects.filter(user=admin, school=hauts).exists()


def test_nobody_ends_their_own_role(admin: User, english: None) -> None:
    own = Membership.objects.get(user=admin, role=Role.ORG_ADMIN)
    response = _client(admin).post(f"{PEOPLE}{own.pk}/end/", follow=True)
    assert "You cannot give yourself a role or change your own roles" in (response.content.decode())
    own.refresh_from_db()
    assert own.valid_until is None


def test_an_admin_gives_no_role_in_another_service_centre(admin: User) -> None:
    riverview = School.objects.get(ministry_code="881001")
    with pytest.raises(MembershipNotAllowed):
        membership_create(
            actor=admin,
            user=_person("x@isb.test", "x-isb"),
            role=Role.STAFF,
            school=riverview,
        )


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


def test_a_trainer_role_written_outside_a_training_organisation_gives_nothing(world: World) -> None:
    """Defence in depth: a row written around the services (or before this fix) opens nothing."""
    user = _person("old-trainer@css.test", "old-trainer")
    Membership.objects.create(
        user=user,
        organisation=Organisation.objects.get(slug="css-mille-lacs"),
        role=Role.TRAINER,
        valid_from=datetime.date(2024, 1, 1),
        status=Membership.Status.CONFIRMED,
    )
    assert not is_trainer(user)


def test_a_trainer_role_inside_a_training_organisation_works(world: World) -> None:
    user = _person("new-trainer@cadre21.test", "new-trainer")
    superuser = world.people["superuser"]
    membership = membership_create(
        actor=superuser,
        user=user,
        role=Role.TRAINER,
        organisation=Organisation.objects.get(slug="cadre21"),
    )
    assert membership.status == Membership.Status.CONFIRMED
    assert is_trainer(user)


def test_police_liaison_only_inside_a_police_force(world: World, english: None) -> None:
    with pytest.raises(MembershipInvalid, match="police force"):
        membership_create(
            actor="system",
            user=_person("faux@css.test", "faux-liaison"),
            role=Role.POLICE_LIAISON,
            organisation=Organisation.objects.get(slug="css-mille-lacs"),
        )


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


def test_a_pending_backup_does_not_take_the_backup_flag_before_confirmation(
    admin: User, principal: User, hauts: School, world: World
) -> None:
    backup = Membership.objects.get(user=world.people["backup"])
    pending = membership_create(
        actor=admin,
        user=_person("new.backup@hauts.test", "new-backup"),
        role=Role.COORDINATOR,
        school=hauts,
        is_backup=True,
    )
    backup.refresh_from_db()
    assert backup.is_backup
    membership_confirm(actor=principal, membership=pending)
    backup.refresh_from_db()
    assert not backup.is_backup


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


def test_a_principal_appointing_a_coordinator_at_their_school_needs_no_confirmation(
    principal: User, hauts: School
) -> None:
    membership = membership_create(
        actor=principal,
        user=_person("by.principal@hauts.test", "by-principal"),
        role=Role.COORDINATOR,
        school=hauts,
    )
    assert membership.status == Membership.Status.CONFIRMED


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


# --- Alerts and audit -------------------------------------------------------------------------


def test_every_role_change_alerts_the_person_and_the_principal_and_is_audited(
    admin: User, principal: User, hauts: School, django_capture_on_commit_callbacks: Any
) -> None:
    newcomer = _person("alerted@hauts.test", "alerted-one")
    other = _person("alerted2@hauts.test", "alerted-two")
    with django_capture_on_commit_callbacks(execute=True):
        granted = membership_create(actor=admin, user=newcomer, role=Role.COORDINATOR, school=hauts)
        membership_confirm(actor=principal, membership=granted)
        refused = membership_create(actor=admin, user=other, role=Role.COORDINATOR, school=hauts)
        membership_refuse(actor=principal, membership=refused)
        membership_end(actor=admin, membership=granted)

    def kinds(user: User) -> list[str]:
        return list(
            Notification.objects.filter(user=user)
            .order_by("created_at")
            .values_list("kind", flat=True)
        )

    assert kinds(newcomer) == [
        "membership.pending",
        "membership.confirmed",
        "membership.ended",
    ]
    assert kinds(other) == ["membership.pending", "membership.refused"]
    # The principal is alerted of each change they did not make themself.
    assert kinds(principal) == ["membership.pending", "membership.pending", "membership.ended"]
    assert Notification.objects.filter(user=principal, url="/memberships/pending/").count() == 3

    for action, target in [
        ("membership.create", granted),
        ("membership.confirm", granted),
        ("membership.end", granted),
        ("membership.create", refused),
        ("membership.refuse", refused),
    ]:
        assert AuditEvent.objects.filter(action=action, target_id=str(target.pk)).exists(), action

    # Emails carry a sentence and a link, never a name, a school or a role.
    to_newcomer = [m for m in mail.outbox if m.to == [newcomer.email]]
    assert len(to_newcomer) == 3
    for message in mail.outbox:
        assert "/account/" in message.body or "/memberships/pending/" in message.body
        assert hauts.name not in message.body and "Essai" not in message.body


def test_a_pending_principal_appointment_alerts_the_other_administrators(
    admin: User, hauts: School, django_capture_on_commit_callbacks: Any
) -> None:
    second = _second_admin()
    with django_capture_on_commit_callbacks(execute=True):
        membership_create(
            actor=admin,
            user=_person("p2@hauts.test", "p-deux"),
            role=Role.PRINCIPAL,
            school=hauts,
        )
    assert Notification.objects.filter(user=second, kind="membership.pending").exists()
    assert not Notification.objects.filter(user=admin).exists()  # the proposer knows


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


# --- Existing memberships stay in effect ------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_existing_memberships_in_effect() -> None:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.migrate([("directory", "0001_initial")])
    apps = executor.loader.project_state([("directory", "0001_initial")]).apps
    old_user = apps.get_model("directory", "User").objects.create(
        email="before@migration.test", handle="before-migration"
    )
    old_org = apps.get_model("directory", "Organisation").objects.create(
        slug="before-migration", name="Before", kind="service_centre"
    )
    apps.get_model("directory", "Membership").objects.create(
        user=old_user, organisation=old_org, role="org_admin", valid_from=datetime.date(2024, 1, 1)
    )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    membership = Membership.objects.get(user__email="before@migration.test")
    assert membership.status == Membership.Status.CONFIRMED
    assert Membership.objects.current().filter(pk=membership.pk).exists()
