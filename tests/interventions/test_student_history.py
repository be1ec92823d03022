"""A student's history at their file holder (issue 18): the school's case team sees the other
cases involving the same young person (blind index), each view audited, links only to cases they
are on the team of; never across file holders, never for simulations."""

from __future__ import annotations

import pytest
from django.test import Client

from sexto.audit.models import AuditEvent
from sexto.interventions.models import Case, CasePerson
from sexto.interventions.services import case_person_add
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db


def _page(user, case, person) -> tuple[int, str]:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    sign_in(client, user.email)
    response = client.get(f"/cases/{case.pk}/people/{person.pk}/history/")
    return response.status_code, response.content.decode()


def _with_zoe(case, people) -> CasePerson:
    return case_person_add(
        actor=people["coordinator"], case=case, label="A", name="Zoé Lavoie", age=14
    )


def test_the_team_sees_the_other_cases_of_the_student_and_the_view_is_audited(people, open_case):
    first, second, unrelated = open_case(), open_case(), open_case()
    zoe = _with_zoe(first, people)
    _with_zoe(second, people)
    case_person_add(actor=people["coordinator"], case=unrelated, label="A", name="Noah Roy", age=15)
    Case.objects.filter(pk=second.pk).update(status=Case.Status.CLOSED)

    status, page = _page(people["coordinator"], first, zoe)
    assert status == 200
    assert second.number in page and unrelated.number not in page and "Closed" in page
    assert f'href="/cases/{second.pk}/"' in page
    event = AuditEvent.objects.filter(action="case.student_history").latest("seq")
    assert event.target_id == str(first.pk) and event.changes_digest


def test_simulations_never_match(people, open_case):
    first, simulated = open_case(), open_case()
    zoe = _with_zoe(first, people)
    _with_zoe(simulated, people)
    Case.objects.filter(pk=simulated.pk).update(simulation=True)
    assert simulated.number not in _page(people["coordinator"], first, zoe)[1]


def test_outside_the_school_team_there_is_no_history(people, case, police):
    zoe = _with_zoe(case, people)
    for who in ("staff", "admin", "privacy", "other_coordinator"):
        assert _page(people[who], case, zoe)[0] == 404, who
    assert _page(police, case, zoe)[0] == 404


def test_the_case_page_links_each_person_to_their_history(people, open_case):
    case = open_case()
    zoe = _with_zoe(case, people)
    client = Client()
    sign_in(client, people["coordinator"].email)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert f"/cases/{case.pk}/people/{zoe.pk}/history/" in page
