"""The API's one error vocabulary: one Problem schema, every 4xx served and documented with it."""

import json
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import Client, RequestFactory
from ninja.errors import AuthenticationError, HttpError, ValidationError

from sexto.api.api import api
from sexto.api.problems import InputInvalid, Problem
from sexto.core.errors import Conflict, DomainError, NotFoundOrForbidden, PermissionRefused
from sexto.directory.permissions import TwoFactorRequired
from sexto.interventions import grid
from sexto.interventions.errors import AgreementMissing, StaleRecord
from tests.helpers import sign_in

PROBLEM_REF = "#/components/schemas/Problem"
PROBLEM_KEYS = set(Problem.model_fields)
ERROR_KEYS = {"field", "message", "message_fr", "code"}


def _assert_problem(response: Any, status: int) -> dict[str, Any]:
    """A problem+json response whose body has only the Problem schema's keys, and is valid."""
    assert response.status_code == status, response.content[:400]
    assert response["Content-Type"] == "application/problem+json"
    body: dict[str, Any] = json.loads(response.content)
    assert {"type", "title", "status", "detail", "code"} <= set(body) <= PROBLEM_KEYS, body
    assert body["status"] == status
    assert body["type"] == f"urn:sexto:problem:{body['code']}"
    for error in body.get("errors") or []:
        assert {"field", "message"} <= set(error) <= ERROR_KEYS
    Problem.model_validate(body)
    return body


def _openapi(client: Client) -> dict[str, Any]:
    schema: dict[str, Any] = client.get("/api/v1/openapi.json").json()
    return schema


@pytest.mark.django_db
def test_the_openapi_document_has_exactly_one_problem_schema(client: Client) -> None:
    components = _openapi(client)["components"]["schemas"]
    problem_like = [
        name
        for name, component in components.items()
        if {"type", "title", "status", "detail"} <= set(component.get("properties", {}))
    ]
    assert problem_like == ["Problem"]


@pytest.mark.django_db
def test_every_documented_4xx_is_the_one_problem_as_problem_json(client: Client) -> None:
    seen = 0
    for path, item in _openapi(client)["paths"].items():
        for method, operation in item.items():
            for status, response in operation["responses"].items():
                if 400 <= int(status) < 500:
                    seen += 1
                    assert response["content"] == {
                        "application/problem+json": {"schema": {"$ref": PROBLEM_REF}}
                    }, (method, path, status)
    assert seen > 50  # every endpoint documents its refusals


@pytest.mark.parametrize(
    ("exception", "status", "code"),
    [
        (Http404("gone"), 404, "not_found"),
        (PermissionDenied(), 403, "forbidden"),
        (PermissionDenied("Not yours."), 403, "forbidden"),
        (ValidationError([{"loc": ["body", "payload", "age"], "msg": "too old"}]), 422, None),
        (AuthenticationError(), 401, "authentication_required"),
        (HttpError(429, "Slow down."), 429, "http_429"),
        (DomainError("No."), 400, "domain_error"),
        (NotFoundOrForbidden("No such case."), 404, "not_found"),
        (PermissionRefused("Not you.", field="school_id"), 403, "forbidden"),
        (Conflict("Not now."), 409, "conflict"),
        (StaleRecord("Reload."), 409, "stale_record"),
        (AgreementMissing("No agreement."), 409, "agreement_missing"),
        (TwoFactorRequired("Set it up."), 403, "two_factor_required"),
        (InputInvalid("No such police force.", field="police_force_id"), 422, "invalid_input"),
        (grid.IncidentInvalid([]), 422, "invalid_incident"),
    ],
)
def test_each_exception_maps_to_its_problem(
    rf: RequestFactory, exception: Exception, status: int, code: str | None
) -> None:
    response = api.on_exception(rf.get("/api/v1/somewhere"), exception)
    body = _assert_problem(response, status)
    assert body["code"] == (code or "invalid_input")
    assert body["instance"] == "/api/v1/somewhere"


def test_django_permission_denied_is_a_problem_not_the_html_page(rf: RequestFactory) -> None:
    body = _assert_problem(api.on_exception(rf.get("/api/v1/x"), PermissionDenied()), 403)
    assert body["detail"]  # a sentence, even when the exception carries none


@pytest.mark.django_db
def test_real_refusals_have_the_one_shape(demo: None, client: Client) -> None:
    _assert_problem(client.get("/api/v1/me"), 401)
    _assert_problem(client.get("/api/v1/no-such-endpoint"), 404)
    sign_in(client, "coordination@hauts-sommets.demo")
    evaluate = "/api/v1/grid/evaluate"
    not_json = _assert_problem(client.post(evaluate, "x", content_type="text/plain"), 415)
    assert not_json["code"] == "json_required"
    invalid_json = _assert_problem(client.post(evaluate, "{", content_type="application/json"), 422)
    assert invalid_json["errors"] == [{"field": "(body)", "message": "is not valid JSON"}]
    incident = _assert_problem(client.post(evaluate, "{}", content_type="application/json"), 422)
    assert incident["code"] == "invalid_incident"
    assert all(e["message_fr"] for e in incident["errors"])
    unknown_case = "/api/v1/cases/00000000-0000-0000-0000-000000000000"
    _assert_problem(client.get(unknown_case), 404)
    bad_body = client.post("/api/v1/cases", "{}", content_type="application/json")
    assert {e["field"] for e in _assert_problem(bad_body, 422)["errors"]} >= {"school_id"}
