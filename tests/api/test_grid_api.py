"""POST /api/v1/grid/evaluate: results, problem details with the grid's messages, permissions."""

import json
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from sexto.api.grid import GridIncident, GridResultOut
from sexto.interventions import grid
from tests.factories import World
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db
GOLDEN = Path(__file__).resolve().parents[2].parent / "shared" / "grid-cases.json"
URL = "/api/v1/grid/evaluate"


def _post(client: Client, body: Any, **extra: Any):  # type: ignore[no-untyped-def]
    return client.post(URL, data=json.dumps(body), content_type="application/json", **extra)


@pytest.fixture
def coordinator(world: World, client: Client) -> Client:
    sign_in(client, world.people["coordinator"].email)
    return client


def test_golden_cases_through_the_api(coordinator: Client) -> None:
    for case in json.loads(GOLDEN.read_text())["cases"][:10]:
        response = _post(coordinator, case["incident"])
        assert response.status_code == 200
        body = response.json()
        assert body["route"] == case["expected"]["route"]
        assert [r["rule"] for r in body["reasons"]] == case["expected"]["rules"]


def test_invalid_incident_is_a_422_problem_with_the_grids_messages(coordinator: Client) -> None:
    response = _post(
        coordinator,
        {
            "schema": "sexto-grid/2",
            "people": [
                {"id": "A", "age": 30, "adult": True, "roles": ["depicted"]},
                {"id": "A", "age": None, "roles": []},
            ],
            "content": {"medium": "photo"},
        },
    )
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    fields = [e["field"] for e in problem["errors"]]
    assert "schema" in fields and "content.depiction" in fields
    assert any(f.startswith("people[0].adult") for f in fields)
    assert any(f.startswith("people[1]") for f in fields)
    assert all(e["message"] and e["message_fr"] for e in problem["errors"])


def test_not_json_is_a_problem(coordinator: Client) -> None:
    response = coordinator.post(URL, data="{oops", content_type="application/json")
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_json"
    response = coordinator.post(URL, data="a=b", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 415


@pytest.mark.parametrize("who", ["staff", "analyst", "police"])
def test_those_who_may_not_evaluate_get_403(world: World, client: Client, who: str) -> None:
    sign_in(client, world.people[who].email)
    response = _post(client, {})
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"


def test_anonymous_gets_401(client: Client) -> None:
    assert _post(client, {}).status_code == 401


def test_openapi_describes_input_and_output(client: Client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"][URL]["post"]
    body_ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    assert body_ref == "#/components/schemas/GridIncident"
    assert "GridPerson" in schema["components"]["schemas"]
    ok = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
    assert ok.endswith("/GridResultOut")
    assert "422" in operation["responses"]


def test_documented_models_match_the_grids_types() -> None:
    assert set(GridIncident.model_fields) - {"schema_"} | {"schema"} == set(
        grid.IncidentInput.__annotations__
    )
    assert set(GridResultOut.model_fields) - {"schema_"} | {"schema"} == set(
        grid.GridResult.__annotations__
    )
