"""Closing a case through the API: a 409 problem with one `errors[]` entry per missing item
(field, message, kind, link), nothing saved; closed once all is settled; what is missing can be
read beforehand."""

from __future__ import annotations

from typing import Any

import pytest

from sexto.audit.models import AuditEvent
from sexto.directory.models import User
from sexto.interventions import services
from sexto.interventions.models import Case, CaseStep, ParentNotification
from tests.api.test_cases_api import Api, _assert_problem
from tests.api.test_cases_api import case as case
from tests.api.test_cases_api import people as people
from tests.api.test_cases_api import school as school
from tests.factories import case_settle

pytestmark = pytest.mark.django_db


def _young_people(case: Case, people: dict[str, User]) -> None:
    for label, name in (("A", "Zoé T."), ("B", "Noah G.")):
        services.case_person_add(
            actor=people["coordinator"], case=case, label=label, name=name, age=14
        )


def test_closure_is_refused_with_one_error_per_missing_item(case, people) -> None:
    _young_people(case, people)
    case = case_settle(case=case)
    ParentNotification.objects.filter(case=case).delete()
    CaseStep.objects.filter(case=case, key="contact_police").update(state="pending")
    api = Api(people["coordinator"])
    response = api.send("post", f"/cases/{case.pk}/close", {"outcome": "", "version": case.version})
    problem = _assert_problem(response, 409)
    assert problem["code"] == "case_not_closable" and "4 items are missing" in problem["detail"]
    page = f"/cases/{case.pk}/"
    assert [(e["field"], e["code"], e["link"]) for e in problem["errors"]] == [
        ("steps.contact_police", "step", page + "#step-contact_police"),
        ("people.A.parents", "parents", page + "#parents"),
        ("people.B.parents", "parents", page + "#parents"),
        ("outcome", "outcome", page + "#id_outcome"),
    ]
    assert all(e["message"] for e in problem["errors"])
    assert "Zoé" not in response.content.decode()  # students by label only
    stored = Case.objects.get(pk=case.pk)
    assert stored.status == "open" and stored.version == case.version
    assert not AuditEvent.objects.filter(action="case.close").exists()

    listed = api.get(f"/cases/{case.pk}/closure").json()
    assert [item["field"] for item in listed] == [e["field"] for e in problem["errors"]]


def test_closed_once_everything_is_settled(case, people) -> None:
    _young_people(case, people)
    case = case_settle(case=case)
    api = Api(people["principal"])
    assert api.get(f"/cases/{case.pk}/closure").json() == [
        {
            "kind": "outcome",
            "field": "outcome",
            "label": "Describe the outcome of the case.",
            "link": f"/cases/{case.pk}/#id_outcome",
        }
    ]
    response = api.send(
        "post", f"/cases/{case.pk}/close", {"outcome": "Tout réglé.", "version": case.version}
    )
    assert response.status_code == 200, response.content[:400]
    assert response.json()["status"] == "closed"
    again = api.send("post", f"/cases/{case.pk}/close", {"outcome": "x", "version": 99})
    assert _assert_problem(again, 409)["code"] == "conflict"


def test_off_the_team_gets_404_and_the_professional_403(case, people: dict[str, Any]) -> None:
    body = {"outcome": "x", "version": case.version}
    other = Api(people["other_coordinator"]).send("post", f"/cases/{case.pk}/close", body)
    assert _assert_problem(other, 404)
    services.professional_invite(actor=people["principal"], case=case, user=people["professional"])
    professional = Api(people["professional"]).send("post", f"/cases/{case.pk}/close", body)
    assert _assert_problem(professional, 403)
