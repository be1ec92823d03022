"""Fixtures of the people around a case (shared by its service and view tests): a case that
needs a youth-protection report, a student, the invited professional, the police liaison."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from sexto.directory.models import Organisation
from sexto.interventions import services
from sexto.interventions.models import Case, Referral


@pytest.fixture
def case(open_case: Any) -> Case:
    made = open_case()
    Case.objects.filter(pk=made.pk).update(youth_protection="required")
    made.refresh_from_db()
    return made


@pytest.fixture
def person(case: Case, people: dict[str, Any]) -> Any:
    return services.case_person_add(
        actor=people["coordinator"], case=case, label="A", name="Zoé Tremblay", roles=["depicted"]
    )


@pytest.fixture
def professional(case: Case, people: dict[str, Any]) -> Any:
    services.professional_invite(actor=people["principal"], case=case, user=people["professional"])
    return people["professional"]


@pytest.fixture
def police(case: Case, people: dict[str, Any]) -> Any:
    Referral.objects.create(
        case=case,
        police_force=Organisation.objects.get(slug="police-saint-jerome"),
        referred_by=people["coordinator"],
        police_contacted_at=timezone.now(),
    )
    return people["police"]
