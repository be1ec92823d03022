"""The API honours grants the way the pages do: a grantee reads, never writes; an ended grant
or break-glass is a 404 problem, like any case outside the team."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from sexto.audit.models import AccessGrant, AuditEvent
from sexto.directory.models import School, User
from sexto.interventions import services
from sexto.interventions.models import Case
from sexto.interventions.services.access import (
    case_access_grant,
    case_access_revoke,
    case_break_glass,
)
from tests.api.test_cases_api import ROLES, Api, _assert_problem, _intake
from tests.factories import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(world: World) -> dict[str, User]:
    return {key: world.people[key] for key in ROLES}


@pytest.fixture
def api(people: dict[str, User]) -> dict[str, Api]:
    return {key: Api(user) for key, user in people.items()}


@pytest.fixture
def case(people: dict[str, User]) -> Case:
    school = School.objects.get(ministry_code="751001")
    return services.case_open(
        actor=people["coordinator"],
        school=school,
        intake=_intake(people, school),
        summary="Photo intime d'une élève de 14 ans retransmise.",
    )


def test_a_grantee_reads_the_case_through_the_api_but_never_writes(api, people, case):
    assert api["staff"].get(f"/cases/{case.pk}").status_code == 404
    grant = case_access_grant(
        actor=people["principal"],
        case=case,
        email=people["staff"].email,
        reason="Remplacement.",
        ends_at=timezone.now() + datetime.timedelta(days=2),
    )
    detail = api["staff"].get(f"/cases/{case.pk}")
    assert detail.status_code == 200 and detail.json()["number"] == case.number
    assert api["staff"].get(f"/cases/{case.pk}/steps").status_code == 200
    assert AuditEvent.objects.filter(
        action="case.read.grant", target_id=str(case.pk), actor=f"user:{people['staff'].pk}"
    ).exists()
    step = api["staff"].get(f"/cases/{case.pk}/steps").json()[0]
    refused = api["staff"].send(
        "patch", f"/cases/{case.pk}/steps/{step['key']}", {"state": "done", "version": 1}
    )
    assert _assert_problem(refused, 403)["code"] == "forbidden"
    added = api["staff"].send(
        "post",
        f"/cases/{case.pk}/people",
        {"label": "A", "name": "Quelqu'un", "roles": ["depicted"]},
    )
    assert added.status_code in (403, 422)
    assert not case.people.exists()
    # Not in the lists: a grant opens one case, it does not add it to anyone's work.
    listed = api["staff"].get("/cases")
    assert listed.status_code == 200 and str(case.pk) not in listed.content.decode()
    case_access_revoke(actor=people["principal"], case=case, grant_id=grant.pk)
    _assert_problem(api["staff"].get(f"/cases/{case.pk}"), 404)
    assert AuditEvent.objects.filter(
        action="access.refused.grant_ended", target_id=str(case.pk)
    ).exists()


def test_break_glass_reads_through_the_api_for_a_limited_time(api, people, case, world):
    officer = world.people["privacy"]
    client = Api(officer, scopes=("read",))
    _assert_problem(client.get(f"/cases/{case.pk}"), 404)
    _case, grant = case_break_glass(actor=officer, number=case.number, reason="Plainte.")
    assert client.get(f"/cases/{case.pk}").status_code == 200
    assert AuditEvent.objects.filter(action="case.read.break_glass").exists()
    AccessGrant.objects.filter(pk=grant.pk).update(ends_at=timezone.now())
    _assert_problem(client.get(f"/cases/{case.pk}"), 404)
