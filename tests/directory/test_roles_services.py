"""Issue 14, item 4 — self-appointment, through the services: nobody grants or ends their own
role, roles only in the right kind of place, appointments that wait for the principal's
confirmation (test_roles_views.py replays the same attacks through the pages)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import mail

from sexto.audit.models import AuditEvent
from sexto.directory.models import Membership, Organisation, Role, School, User
from sexto.directory.permissions import (
    is_trainer,
)
from sexto.directory.services import (
    MembershipInvalid,
    MembershipNotAllowed,
    MembershipSelfChange,
    membership_confirm,
    membership_create,
    membership_end,
    membership_refuse,
)
from sexto.interventions.models import Notification
from tests.factories import TwoFactorUserFactory, World

pytestmark = pytest.mark.django_db


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


@pytest.mark.parametrize("role", [Role.PRINCIPAL, Role.COORDINATOR, Role.STAFF])
def test_nobody_grants_themself_any_role_through_the_service(
    admin: User, hauts: School, role: str
) -> None:
    with pytest.raises(MembershipSelfChange):
        membership_create(actor=admin, user=admin, role=role, school=hauts)
    assert not Membership.objects.filter(user=admin, school=hauts).exists()


def test_an_admin_gives_no_role_in_another_service_centre(admin: User) -> None:
    riverview = School.objects.get(ministry_code="881001")
    with pytest.raises(MembershipNotAllowed):
        membership_create(
            actor=admin,
            user=_person("x@isb.test", "x-isb"),
            role=Role.STAFF,
            school=riverview,
        )


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
