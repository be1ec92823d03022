"""Issue 14, item 2: the blind-index match ("another open case involves this student").

The attack: any signed-in account starts an Architecte simulation, adds a person with a real
student's name to that simulation case, and reads `other_open_cases` (API) or the "another open
case" warning (page): an oracle telling whether a real student of any school has an open case.
Now a simulation never matches anyone, a real case matches only its own file holder's cases,
the match is shown to the school's own team only, and every match shown is audited.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone

from sexto.audit.models import AuditEvent
from sexto.directory.models import Membership, Role, School, User
from sexto.interventions import selectors, services
from sexto.interventions.services import access as grants
from sexto.interventions.services import referrals
from sexto.training.demo import demo_program_seed
from sexto.training.models import Level
from sexto.training.simulation_models import SimulationAttempt
from tests.api.test_cases_api import Api
from tests.helpers import FormClient, sign_in
from tests.training.fixtures import level_approve

pytestmark = pytest.mark.django_db

STUDENT = "Zoé Lavoie-Gagnon"
WARNING = "Another open case involves this student."


def _client(user: User) -> FormClient:
    client = FormClient(HTTP_ACCEPT_LANGUAGE="en")
    sign_in(client, user.email)
    return client


def _real_case_with_student(people: dict[str, User], open_case: Any) -> Any:
    case = open_case()
    services.case_person_add(
        actor=people["coordinator"], case=case, label="A", name=STUDENT, age=14
    )
    return case


@pytest.fixture
def player(people: dict[str, User]) -> User:
    """A teacher of the same school eligible for the Architecte (Explorateur approved): the match
    must stay closed even to someone allowed to play."""
    explorateur = Level.objects.get(program=demo_program_seed(), slug="explorateur")
    level_approve(user=people["staff"], level=explorateur, reviewer=people["trainer"])
    return people["staff"]


def _match_events(case: Any) -> Any:
    return AuditEvent.objects.filter(action="case.people_match", target_id=str(case.pk))


def test_a_simulation_case_never_tells_whether_a_real_student_has_a_case(people, open_case, player):
    _real_case_with_student(people, open_case)
    client = _client(player)
    # The attack, as done: start a simulation, add the real student's name to it.
    response = client.post("/training/sexto/architecte/simulations/impulsive-redistribution/start/")
    assert response.status_code == 302
    simulation = SimulationAttempt.objects.get(user=player).case_id
    response = client.post(
        f"/cases/{simulation}/people/", {"label": "Z", "name": "zoe lavoie-gagnon"}, follow=True
    )
    assert response.status_code == 200
    assert WARNING not in response.content.decode()
    assert WARNING not in client.get(f"/cases/{simulation}/").content.decode()
    # The API: the count is not given at all for a simulation.
    people_api = client.get(f"/api/v1/cases/{simulation}/people").json()
    assert [p["other_open_cases"] for p in people_api if p["label"] == "Z"] == [None]
    added = Api(player).send(
        "post", f"/cases/{simulation}/people", {"label": "Y", "name": STUDENT, "roles": []}
    )
    assert added.status_code == 201, added.content
    assert added.json()["other_open_cases"] is None


def test_the_match_root_never_runs_for_a_simulation(people, open_case, school):
    _real_case_with_student(people, open_case)
    simulation = services.case_open(
        actor=people["learner"], school=school, summary="Cas fictif.", simulation=True
    )
    assert selectors.person_matches_elsewhere(case=simulation, name=STUDENT) == 0
    person = services.case_person_add(
        actor=people["learner"], case=simulation, label="A", name=STUDENT
    )
    access = selectors.case_get_for(user=people["learner"], case_id=simulation.pk)
    assert (
        selectors.case_people_elsewhere(access=access, people=[person], user=people["learner"])
        == {}
    )
    # Nor does a real case ever match a simulation's people (the learner's names).
    real = open_case()
    assert selectors.person_matches_elsewhere(case=real, name=STUDENT) == 1  # the real one only


def test_a_real_case_matches_only_its_own_file_holders_cases(people, open_case):
    # Another service centre's school, with its own coordinator and a case naming the student.
    riverview = School.objects.get(ministry_code="881001")
    elsewhere_coordinator = User.objects.create_user(
        email="coordination@riverview.test", handle="coord-riverview", password="x-Pass-9876!"
    )
    Membership.objects.create(
        user=elsewhere_coordinator,
        school=riverview,
        role=Role.COORDINATOR,
        valid_from=datetime.date(2020, 1, 1),
        status=Membership.Status.CONFIRMED,
    )
    other_holder_case = services.case_open(
        actor=elsewhere_coordinator, school=riverview, summary="Another board's case."
    )
    services.case_person_add(
        actor=elsewhere_coordinator, case=other_holder_case, label="A", name=STUDENT
    )
    case = open_case()
    client = _client(people["coordinator"])
    response = client.post(
        f"/cases/{case.pk}/people/", {"label": "A", "name": STUDENT}, follow=True
    )
    assert WARNING not in response.content.decode()
    [person] = client.get(f"/api/v1/cases/{case.pk}/people").json()
    assert person["other_open_cases"] == 0
    assert not _match_events(case).exists()
    # The same holder's case (another school of the same service centre) does match.
    lac_vert_case = services.case_open(
        actor=people["other_coordinator"],
        school=School.objects.get(ministry_code="751002"),
        summary="Même centre de services.",
    )
    services.case_person_add(
        actor=people["other_coordinator"], case=lac_vert_case, label="A", name=STUDENT
    )
    [person] = client.get(f"/api/v1/cases/{case.pk}/people").json()
    assert person["other_open_cases"] == 1


def test_the_match_is_shown_to_the_schools_team_only_and_audited(
    people, open_case, django_capture_on_commit_callbacks
):
    _real_case_with_student(people, open_case)
    case = open_case()
    services.case_person_add(actor=people["coordinator"], case=case, label="A", name=STUDENT)
    services.professional_invite(actor=people["principal"], case=case, user=people["professional"])
    with django_capture_on_commit_callbacks(execute=True):
        referrals.referral_create(
            actor=people["coordinator"], case=case, police_contacted_at=timezone.now()
        )
        grants.case_access_grant(
            actor=people["coordinator"],
            case=case,
            email=people["other_coordinator"].email,
            reason="Relève.",
            ends_at=timezone.now() + datetime.timedelta(days=1),
        )
    for who in ("coordinator", "principal", "professional"):
        before = _match_events(case).count()
        assert WARNING in _client(people[who]).get(f"/cases/{case.pk}/").content.decode(), who
        assert _match_events(case).count() == before + 1, who
        [person] = Api(people[who]).get(f"/cases/{case.pk}/people").json()
        assert person["other_open_cases"] == 1, who
        assert _match_events(case).count() == before + 2, who
    event = _match_events(case).last()
    assert event.actor == f"user:{people['professional'].pk}" and event.changes_digest
    # The police liaison and a grantee read the case, but learn nothing of other cases.
    for who in ("police", "other_coordinator"):
        before = _match_events(case).count()
        page = _client(people[who]).get(f"/cases/{case.pk}/")
        assert page.status_code == 200 and WARNING not in page.content.decode(), who
        [person] = Api(people[who]).get(f"/cases/{case.pk}/people").json()
        assert person["other_open_cases"] is None, who
        assert _match_events(case).count() == before, who


def test_no_match_no_audit_event(people, open_case):
    case = open_case()
    services.case_person_add(actor=people["coordinator"], case=case, label="A", name="Personne")
    client = _client(people["coordinator"])
    assert client.get(f"/cases/{case.pk}/").status_code == 200
    [person] = client.get(f"/api/v1/cases/{case.pk}/people").json()
    assert person["other_open_cases"] == 0
    assert not _match_events(case).exists()
