"""The cases API: intakes, cases, steps, grid and people; 404 off the team, problems everywhere."""

from __future__ import annotations

import datetime
import json
import secrets
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from sexto.api.models import ApiToken
from sexto.api.services import TOKEN_PREFIX, token_digest
from sexto.audit.models import AuditEvent
from sexto.directory.models import School, User
from sexto.interventions import services
from sexto.interventions.models import Case, Intake, YouthProtectionReport
from tests.factories import World
from tests.grid_answers import grid_answers
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db

# The roles of the factory-made world (tests/factories/world.py) that use the API here.
ROLES = (
    "coordinator",
    "principal",
    "professional",
    "staff",
    "other_coordinator",
    "no_agreement_coordinator",
    "admin",
    "superuser",
)

IMPULSIVE = grid_answers()


class Api:
    """A program using the API with a bearer token of the given scopes."""

    def __init__(self, user: User, scopes: tuple[str, ...] = ("read", "write")) -> None:
        raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
        ApiToken.objects.create(
            user=user,
            name="test",
            prefix=raw[len(TOKEN_PREFIX) :][:8],
            digest=token_digest(raw),
            scopes=list(scopes),
            expires_at=timezone.now() + datetime.timedelta(days=1),
        )
        self.client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}", HTTP_ACCEPT_LANGUAGE="en")

    def get(self, path: str) -> Any:
        return self.client.get(f"/api/v1{path}")

    def send(self, method: str, path: str, body: Any) -> Any:
        return getattr(self.client, method)(
            f"/api/v1{path}", data=json.dumps(body), content_type="application/json"
        )


@pytest.fixture
def people(world: World) -> dict[str, User]:
    return {key: world.people[key] for key in ROLES}


@pytest.fixture
def school(world: World) -> School:
    return world.schools["751001"]


@pytest.fixture
def api(people: dict[str, User]) -> dict[str, Api]:
    return {key: Api(user) for key, user in people.items()}


def _intake(people: dict[str, User], school: School) -> Intake:
    return services.intake_create(
        reporter=people["staff"],
        school=school,
        told_at=timezone.now() - datetime.timedelta(minutes=20),
        told_by="Élève de 3e secondaire",
        account="Une photo intime d'une élève de 14 ans circule.",
    )


@pytest.fixture
def case(people: dict[str, User], school: School) -> Case:
    return services.case_open(
        actor=people["coordinator"],
        school=school,
        intake=_intake(people, school),
        summary="Photo intime d'une élève de 14 ans retransmise.",
    )


def _assert_problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content[:400]
    assert response["Content-Type"] == "application/problem+json"
    problem: dict[str, Any] = response.json()
    assert problem["status"] == status
    return problem


def test_staff_files_an_intake_and_sees_only_its_status(api, school):
    response = api["staff"].send(
        "post",
        "/intakes",
        {
            "school_id": str(school.pk),
            "told_at": timezone.now().isoformat(),
            "told_by": "Léa, 3e secondaire",
            "account": "Une photo intime de Zoé circule.",
            "students": "Zoé",
            "circulation": "Snapchat",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["reference"].startswith("DEC-") and body["status"] == "new"
    assert Intake.objects.get(pk=body["id"]).account == "Une photo intime de Zoé circule."
    mine = api["staff"].get("/intakes/mine")
    assert mine.status_code == 200
    assert mine.json() == [
        {
            "reference": body["reference"],
            "school": school.name,
            "created_at": mine.json()[0]["created_at"],
            "status": "new",
        }
    ]
    assert "Zoé" not in mine.content.decode()


def test_intake_problems_name_the_field(api, school):
    lac_vert = School.objects.exclude(pk=school.pk).exclude(ministry_code="752001").first()
    response = api["staff"].send(
        "post",
        "/intakes",
        {
            "school_id": str(lac_vert.pk),
            "told_at": "2025-01-01T10:00",
            "told_by": "x",
            "account": "y",
        },
    )
    assert _assert_problem(response, 422)["errors"][0]["field"] == "school_id"
    response = api["staff"].send(
        "post", "/intakes", {"school_id": str(school.pk), "told_at": "2025-01-01T10:00"}
    )
    fields = {e["field"] for e in _assert_problem(response, 422)["errors"]}
    assert {"told_by", "account"} <= fields
    assert not Intake.objects.exists()


def test_intake_names_the_staff_who_also_heard_the_facts(api, people, school):
    body = {
        "school_id": str(school.pk),
        "told_at": timezone.now().isoformat(),
        "told_by": "Léa, 3e secondaire",
        "account": "Une photo intime circule.",
    }
    # Someone of another school, or an unknown id: a problem on `heard_by`, nothing saved.
    for ids in ([people["other_coordinator"].pk], [987654321]):
        response = api["staff"].send("post", "/intakes", {**body, "heard_by": ids})
        assert _assert_problem(response, 422)["errors"][0]["field"] == "heard_by"
    assert not Intake.objects.exists()
    response = api["staff"].send(
        "post", "/intakes", {**body, "heard_by": [people["professional"].pk]}
    )
    assert response.status_code == 201, response.content
    intake = Intake.objects.get(pk=response.json()["id"])
    assert list(intake.heard_by.all()) == [people["professional"]]


def test_coordinator_opens_a_case_from_an_intake_and_reads_it(api, people, school):
    intake = _intake(people, school)
    response = api["coordinator"].send(
        "post", f"/intakes/{intake.pk}/open", {"summary": "Photo retransmise dans un groupe."}
    )
    assert response.status_code == 201, response.content
    opened = response.json()
    assert opened["number"].startswith("SX-") and opened["status"] == "open"
    assert opened["lead"]["id"] == people["coordinator"].pk

    listing = api["principal"].get("/cases")
    assert listing.status_code == 200
    assert [c["number"] for c in listing.json()] == [opened["number"]]
    assert "summary" not in listing.json()[0]
    assert api["principal"].get(f"/cases?q={opened['number'][-3:]}").json()[0]["id"] == opened["id"]
    assert api["principal"].get("/cases?q=nothing-like-this").json() == []

    detail = api["principal"].get(f"/cases/{opened['id']}")
    assert detail.status_code == 200
    body = detail.json()
    assert body["summary"] == "Photo retransmise dans un groupe."
    assert body["intake_reference"] == intake.reference
    assert body["grid"] is None and body["version"] == 1
    assert body["steps"][0]["key"] == "protect_victim"
    assert AuditEvent.objects.filter(action="case.read").count() == 1

    again = api["coordinator"].send("post", f"/intakes/{intake.pk}/open", {"summary": "Encore."})
    assert _assert_problem(again, 409)["code"] == "conflict"


def test_coordinator_closes_an_intake_with_a_reason(api, people, school):
    intake = _intake(people, school)
    response = api["coordinator"].send(
        "post", f"/intakes/{intake.pk}/close", {"reason": "Rien de sexuel n'a été décrit."}
    )
    assert response.status_code == 200
    assert response.json()["status"] == "closed"
    intake.refresh_from_db()
    assert intake.status == Intake.Status.CLOSED


@pytest.mark.parametrize("outsider", ["other_coordinator", "admin", "superuser", "staff"])
def test_outsiders_get_404(api, people, school, case, outsider):
    for response in (
        api[outsider].get(f"/cases/{case.pk}"),
        api[outsider].get(f"/cases/{case.pk}/steps"),
        api[outsider].get(f"/cases/{case.pk}/people"),
        api[outsider].send(
            "patch", f"/cases/{case.pk}/steps/protect_victim", {"state": "done", "version": 1}
        ),
        api[outsider].send(
            "put", f"/cases/{case.pk}/grid", {"answers": IMPULSIVE, "version": case.version}
        ),
        api[outsider].send(
            "post", f"/cases/{case.pk}/people", {"label": "A", "name": "Zoé", "roles": []}
        ),
    ):
        assert _assert_problem(response, 404)["code"] == "not_found"
    intake = _intake(people, school)
    response = api[outsider].send("post", f"/intakes/{intake.pk}/open", {"summary": "x"})
    _assert_problem(response, 404)
    assert api[outsider].get("/cases").json() == []


def test_no_agreement_school_is_told_to_call_the_police(api, people):
    val_des_pins = School.objects.get(ministry_code="752001")
    response = api["no_agreement_coordinator"].send(
        "post", "/cases", {"school_id": str(val_des_pins.pk), "summary": "Photo retransmise."}
    )
    problem = _assert_problem(response, 409)
    assert problem["code"] == "agreement_missing"
    assert "police" in problem["detail"].lower()
    assert not Case.objects.exists()


def test_direct_opening_only_in_ones_own_school(api, school):
    response = api["coordinator"].send(
        "post", "/cases", {"school_id": str(school.pk), "summary": "Ouvert directement."}
    )
    assert response.status_code == 201
    assert Case.objects.get().intake is None
    response = api["other_coordinator"].send(
        "post", "/cases", {"school_id": str(school.pk), "summary": "Pas mon école."}
    )
    assert _assert_problem(response, 403)["errors"][0]["field"] == "school_id"


def test_steps_and_a_stale_version_is_a_409(api, case):
    steps = api["coordinator"].get(f"/cases/{case.pk}/steps").json()
    first = steps[0]
    assert first["state"] == "pending" and first["version"] == 1
    path = f"/cases/{case.pk}/steps/{first['key']}"
    done = api["coordinator"].send("patch", path, {"state": "done", "version": 1})
    assert done.status_code == 200, done.content
    assert done.json()["state"] == "done" and done.json()["version"] == 2
    assert done.json()["done_by"] == case.lead.display_name
    stale = api["principal"].send("patch", path, {"state": "pending", "version": 1})
    problem = _assert_problem(stale, 409)
    assert problem["code"] == "stale_record" and "Someone changed" in problem["detail"]
    needs_note = api["coordinator"].send(
        "patch", path, {"state": "not_applicable", "note": "", "version": 2}
    )
    assert _assert_problem(needs_note, 400)["errors"][0]["field"] == "note"
    missing = api["coordinator"].send(
        "patch", f"/cases/{case.pk}/steps/nope", {"state": "done", "version": 1}
    )
    _assert_problem(missing, 404)


def test_grid_on_the_case(api, case):
    response = api["coordinator"].send(
        "put", f"/cases/{case.pk}/grid", {"answers": IMPULSIVE, "version": case.version}
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["route"] == "sexto_procedure" and body["nature"] == "impulsive"
    assert body["result"]["schema"] == "sexto-grid/1" and body["version"] == case.version + 1
    detail = api["coordinator"].get(f"/cases/{case.pk}").json()
    assert detail["grid"]["answers"] == IMPULSIVE
    assert detail["grid"]["result"]["route"] == "sexto_procedure"
    stale = api["coordinator"].send(
        "put", f"/cases/{case.pk}/grid", {"answers": IMPULSIVE, "version": case.version}
    )
    assert _assert_problem(stale, 409)["code"] == "stale_record"
    unjustified = api["coordinator"].send(
        "put",
        f"/cases/{case.pk}/grid",
        {"answers": IMPULSIVE, "decided_route": "police_immediately", "version": body["version"]},
    )
    assert _assert_problem(unjustified, 400)["errors"][0]["field"] == "justification"


def test_a_grid_result_stored_before_the_typography_reads_in_french_typography(api, case):
    """Reasons computed before they followed FRENCH.md are stored with « d'une » and « : »;
    the API gives them as the case page shows them (the page always did)."""
    import json

    api["coordinator"].send(
        "put", f"/cases/{case.pk}/grid", {"answers": IMPULSIVE, "version": case.version}
    )
    case.refresh_from_db()
    stored = json.loads(case.grid_result)
    for reason in stored["reasons"]:
        reason["fr"] = reason["fr"].replace("\u2019", "'").replace("\u00a0:", " :")
    case.grid_result = json.dumps(stored)
    case.save(update_fields=["grid_result"])
    assert any("'" in r["fr"] for r in stored["reasons"])
    reasons = api["coordinator"].get(f"/cases/{case.pk}").json()["grid"]["result"]["reasons"]
    assert not [r["fr"] for r in reasons if "'" in r["fr"] or " :" in r["fr"]]


def test_the_grid_of_a_closed_case_is_a_409_and_nothing_changes(api, people, case):
    for step in case.steps.all():
        services.case_step_update(
            actor=people["coordinator"], step=step, state="not_applicable", note="Sans objet."
        )
    services.case_close(actor=people["coordinator"], case=case, outcome="Suivi fait.")
    case.refresh_from_db()
    response = api["coordinator"].send(
        "put", f"/cases/{case.pk}/grid", {"answers": IMPULSIVE, "version": case.version}
    )
    assert _assert_problem(response, 409)["code"] == "conflict"
    case.refresh_from_db()
    assert case.grid_answers == "" and case.route == ""


def test_bad_grid_is_a_422_with_the_grids_messages_under_answers(api, case):
    response = api["coordinator"].send(
        "put",
        f"/cases/{case.pk}/grid",
        {
            "answers": {
                "schema": "sexto-grid/2",
                "people": [{"id": "A", "age": None, "roles": []}],
                "content": {"medium": "photo"},
            },
            "version": case.version,
        },
    )
    problem = _assert_problem(response, 422)
    assert problem["code"] == "invalid_incident"
    fields = [e["field"] for e in problem["errors"]]
    assert "answers.schema" in fields and "answers.content.depiction" in fields
    assert all(f.startswith("answers") for f in fields)
    assert all(e["message"] and e["message_fr"] for e in problem["errors"])
    case.refresh_from_db()
    assert case.grid_answers == ""
    not_an_object = api["coordinator"].send(
        "put", f"/cases/{case.pk}/grid", {"answers": [], "version": case.version}
    )
    assert _assert_problem(not_an_object, 422)["errors"][0]["field"] == "answers"


def test_people_and_other_open_cases(api, people, school, case):
    response = api["coordinator"].send(
        "post",
        f"/cases/{case.pk}/people",
        {"label": "A", "name": "Zoé Lavoie", "age": 14, "grade": "3e", "roles": ["depicted"]},
    )
    assert response.status_code == 201, response.content
    assert response.json()["other_open_cases"] == 0
    other = services.case_open(
        actor=people["coordinator"], school=school, summary="Une autre situation."
    )
    response = api["principal"].send(
        "post", f"/cases/{other.pk}/people", {"label": "B", "name": "zoé  lavoie", "roles": []}
    )
    assert response.json()["other_open_cases"] == 1
    listing = api["coordinator"].get(f"/cases/{case.pk}/people").json()
    assert [(p["label"], p["name"], p["other_open_cases"]) for p in listing] == [
        ("A", "Zoé Lavoie", 1)
    ]
    duplicate = api["coordinator"].send(
        "post", f"/cases/{case.pk}/people", {"label": "A", "name": "X", "roles": []}
    )
    assert _assert_problem(duplicate, 400)["errors"][0]["field"] == "label"
    bad_role = api["coordinator"].send(
        "post", f"/cases/{case.pk}/people", {"label": "C", "name": "Y", "roles": ["boss"]}
    )
    assert _assert_problem(bad_role, 422)["errors"][0]["field"].startswith("roles")


def test_invited_professional_reads_but_may_not_edit(api, people, case):
    services.professional_invite(
        actor=people["coordinator"], case=case, user=people["professional"]
    )
    assert api["professional"].get(f"/cases/{case.pk}").status_code == 200
    response = api["professional"].send(
        "patch", f"/cases/{case.pk}/steps/protect_victim", {"state": "done", "version": 1}
    )
    assert _assert_problem(response, 403)["code"] == "forbidden"


def test_scopes_are_enforced(people, case):
    reader = Api(people["coordinator"], scopes=("read",))
    assert reader.get(f"/cases/{case.pk}").status_code == 200
    response = reader.send(
        "patch", f"/cases/{case.pk}/steps/protect_victim", {"state": "done", "version": 1}
    )
    assert _assert_problem(response, 403)["code"] == "scope_missing"
    writer = Api(people["coordinator"], scopes=("write",))
    assert _assert_problem(writer.get("/cases"), 403)["code"] == "scope_missing"
    grid_only = Api(people["coordinator"], scopes=("grid",))
    assert _assert_problem(grid_only.get(f"/cases/{case.pk}"), 403)["code"] == "scope_missing"


def test_session_works_and_multipart_is_refused(people, client, school):
    sign_in(client, people["coordinator"].email)
    assert client.get("/api/v1/cases").status_code == 200
    response = Client().post("/api/v1/intakes", data={"school_id": str(school.pk)})
    assert response.status_code == 415
    assert response["Content-Type"] == "application/problem+json"
    response = client.post(
        "/api/v1/intakes",
        data={"school_id": str(school.pk), "told_by": "x", "account": "y"},
        content_type="multipart/form-data; boundary=BoUnDaRy",
    )
    assert response.status_code == 415
    assert response.json()["code"] == "uploads_refused"
    assert not Intake.objects.exists()


def test_unauthenticated_is_a_401_problem(case):
    _assert_problem(Client().get(f"/api/v1/cases/{case.pk}"), 401)


def test_openapi_lists_the_paths_and_their_problems(client):
    schema = client.get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    for path, methods in {
        "/api/v1/intakes": {"post"},
        "/api/v1/intakes/mine": {"get"},
        "/api/v1/intakes/{intake_id}/open": {"post"},
        "/api/v1/intakes/{intake_id}/close": {"post"},
        "/api/v1/cases": {"get", "post"},
        "/api/v1/cases/{case_id}": {"get"},
        "/api/v1/cases/{case_id}/steps": {"get"},
        "/api/v1/cases/{case_id}/steps/{key}": {"patch"},
        "/api/v1/cases/{case_id}/grid": {"put"},
        "/api/v1/cases/{case_id}/people": {"get", "post"},
    }.items():
        assert methods <= set(paths[path]), path
        for method in methods:
            assert {"401", "403", "404"} <= set(paths[path][method]["responses"])
            assert paths[path][method]["tags"] == ["cases"]
    assert "409" in paths["/api/v1/cases/{case_id}/steps/{key}"]["patch"]["responses"]
    assert "422" in paths["/api/v1/cases/{case_id}/grid"]["put"]["responses"]
    assert "Problem" in schema["components"]["schemas"]


def _intake_without_agreement(people: dict[str, User], world: World) -> Intake:
    return services.intake_create(
        reporter=people["no_agreement_coordinator"],
        school=world.schools["752001"],
        told_at=timezone.now() - datetime.timedelta(hours=1),
        told_by="Élève de 3e secondaire",
        account="Un adulte menace de publier une photo intime.",
    )


def test_the_police_called_directly_is_recorded_where_there_is_no_agreement(api, people, world):
    intake = _intake_without_agreement(people, world)
    path = f"/intakes/{intake.pk}/police-direct"
    called_at = (timezone.now() - datetime.timedelta(minutes=20)).isoformat()

    # Bad input names the field; nothing is saved.
    problem = _assert_problem(
        api["no_agreement_coordinator"].send(
            "post", path, {"called_at": called_at, "police_file_number": " "}
        ),
        422,
    )
    assert "police_file_number" in json.dumps(problem)
    assert Intake.objects.get(pk=intake.pk).status == Intake.Status.NEW
    # Not the school's coordinator: as if it did not exist.
    _assert_problem(
        api["coordinator"].send(
            "post", path, {"called_at": called_at, "police_file_number": "SQ-26-1"}
        ),
        404,
    )

    response = api["no_agreement_coordinator"].send(
        "post", path, {"called_at": called_at, "police_file_number": "SQ-26-1"}
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "police_direct"
    intake.refresh_from_db()
    # The force serving the territory, by default.
    assert intake.police_force == world.schools["752001"].territory.police_force
    assert intake.police_file_number == "SQ-26-1"


def test_each_duty_holder_records_their_own_dpj_entry_through_the_api(api, people, case):
    Case.objects.filter(pk=case.pk).update(youth_protection="required")
    at = (timezone.now() - datetime.timedelta(minutes=15)).isoformat()
    # A report without its DPJ reference: a problem on `reference`, nothing saved.
    missing = api["staff"].send(
        "post", f"/intakes/{case.intake_id}/youth-protection", {"kind": "report", "at": at}
    )
    assert _assert_problem(missing, 400)["errors"][0]["field"] == "reference"
    # The reporter, off the team, records their own report from the intake's id.
    own = api["staff"].send(
        "post",
        f"/intakes/{case.intake_id}/youth-protection",
        {"kind": "report", "at": at, "reference": "DPJ-26-7781"},
    )
    assert own.status_code == 201, own.content
    assert own.json()["discharged"] is True
    # A consultation does not discharge a required report.
    consulted = api["coordinator"].send(
        "post", f"/cases/{case.pk}/youth-protection", {"kind": "consultation", "at": at}
    )
    assert consulted.status_code == 201, consulted.content
    assert consulted.json()["discharged"] is False
    assert list(YouthProtectionReport.objects.filter(case=case).values_list("user_id", "kind")) == [
        (people["staff"].pk, "report"),
        (people["coordinator"].pk, "consultation"),
    ]
    # The team's route is not the reporter's: they do not read the case.
    assert _assert_problem(
        api["staff"].send(
            "post",
            f"/cases/{case.pk}/youth-protection",
            {"kind": "report", "at": at, "reference": "DPJ-26-7782"},
        ),
        404,
    )
