"""Case numbers and intake references count per file holder from 1 each year (DESIGN.md): two
holders' first numbers of the year are the same text, and neither holder's work stops for it."""

from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from sexto.directory.models import Membership, Role, School, User
from sexto.interventions import services
from sexto.interventions.models import Case

pytestmark = pytest.mark.django_db


def _coordinator_of(school: School) -> User:
    user = User.objects.create_user(
        email="coordination@riverview.test", handle="coord-riverview", password="x-Pass-9876!"
    )
    Membership.objects.create(
        user=user,
        school=school,
        role=Role.COORDINATOR,
        valid_from=datetime.date(2020, 1, 1),
        status=Membership.Status.CONFIRMED,
    )
    return user


def _first_case(*, actor: User, school: School) -> Case:
    intake = services.intake_create(
        reporter=actor,
        school=school,
        told_at=timezone.now() - datetime.timedelta(minutes=20),
        told_by="Un élève de 3e secondaire.",
        account="Une photo intime circule dans un groupe de la classe.",
    )
    return services.case_open(
        actor=actor, school=school, intake=intake, summary="Photo retransmise."
    )


def test_two_file_holders_each_open_their_first_case_of_the_year(people, school):
    riverview = School.objects.get(ministry_code="881001")
    assert riverview.organisation_id != school.organisation_id
    year = timezone.localdate().year

    ours = _first_case(actor=people["coordinator"], school=school)
    theirs = _first_case(actor=_coordinator_of(riverview), school=riverview)

    assert ours.number == theirs.number == f"SX-{year}-00001"
    assert ours.intake.reference == theirs.intake.reference


def test_one_holder_never_gets_the_same_number_twice(people, school):
    case = _first_case(actor=people["coordinator"], school=school)

    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.create(
            school=school,
            holder=case.holder,
            number=case.number,
            opened_by=people["coordinator"],
            summary="Doublon.",
        )
