"""The devices API: seize, transfer, hand-over, return, police acknowledgement; 404 for
outsiders, 422 problems for bad input, 409 once the chain is closed, scopes for tokens."""

# ruff: noqa: F811 (the kit's fixtures are imported below, then named as test arguments)

import datetime
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from sexto.interventions import services
from sexto.interventions.models import Device, Referral
from sexto.interventions.services.devices import device_seize
from tests.helpers import sign_in

# The kit's fixtures (demo people, a school, a case opener), shared with tests/interventions.
from tests.interventions.conftest import open_case, people, school  # noqa: F401

pytestmark = pytest.mark.django_db


def _client(email: str) -> Client:
    client = Client()
    sign_in(client, email)
    client.cookies["django_language"] = "en"
    return client


def _post(client: Client, url: str, body: Any, **extra: Any) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json", **extra)


def _at(minutes_ago: int) -> str:
    return (timezone.now() - datetime.timedelta(minutes=minutes_ago)).isoformat()


def _seizure(**data: Any) -> dict[str, Any]:
    body = {
        "description": "Téléphone noir, étui rouge",
        "envelope_number": "ENV-001",
        "storage_place": "Coffre de la direction",
        "seized_at": _at(60),
        "seized_where": "Local 204",
    }
    body.update(data)
    return body


def test_chain_of_custody_through_the_api(people, open_case):
    case = open_case()
    person = services.case_person_add(
        actor=people["coordinator"], case=case, label="B", name="Noah T."
    )
    client = _client(people["coordinator"].email)
    created = _post(client, f"/api/v1/cases/{case.pk}/devices", _seizure(owner_id=person.pk))
    assert created.status_code == 201, created.content
    device = created.json()
    assert device["status"] == "in_custody" and device["owner_label"] == "B"
    assert [e["kind"] for e in device["custody"]] == ["seized"]
    url = f"/api/v1/devices/{device['id']}"
    moved = _post(
        client,
        f"{url}/transfer",
        {
            "to_name": "Mme Gagnon",
            "receipt_signed_by": "M. Gagnon",
            "at": _at(30),
            "place": "Bureau 12",
            "version": device["version"],
        },
    )
    assert moved.status_code == 200, moved.content
    assert moved.json()["storage_place"] == "Bureau 12" and moved.json()["version"] == 2
    stale = _post(
        client,
        f"{url}/transfer",
        {"to_name": "X", "receipt_signed_by": "X", "at": _at(20), "version": 1},
    )
    assert stale.status_code == 409 and stale["Content-Type"] == "application/problem+json"
    assert stale.json()["code"] == "stale_record"
    handed = _post(
        client,
        f"{url}/hand-over",
        {
            "officer_name": "Agente Roy",
            "receipt_signed_by": "Agente Roy",
            "at": _at(5),
            "version": 2,
        },
    )
    assert handed.status_code == 200 and handed.json()["status"] == "handed_to_police"
    closed = _post(client, f"{url}/return", {"to_name": "Mère", "at": _at(1), "version": 3})
    assert closed.status_code == 409 and closed.json()["code"] == "custody_closed"
    listed = client.get(f"/api/v1/cases/{case.pk}/devices")
    assert listed.status_code == 200
    (only,) = listed.json()
    assert [(e["kind"], e["to_name"]) for e in only["custody"]] == [
        ("seized", people["coordinator"].display_name),
        ("transferred", "Mme Gagnon"),
        ("handed_to_police", "Agente Roy"),
    ]


def test_return_from_the_schools_custody(people, open_case):
    case = open_case()
    client = _client(people["coordinator"].email)
    device = _post(client, f"/api/v1/cases/{case.pk}/devices", _seizure()).json()
    returned = _post(
        client,
        f"/api/v1/devices/{device['id']}/return",
        {"to_name": "Mère de l'élève B", "receipt_signed_by": "Mère", "at": _at(1), "version": 1},
    )
    assert returned.status_code == 200 and returned.json()["status"] == "returned"


def test_outsiders_get_404_problems(people, open_case):
    case = open_case()
    device = device_seize(
        actor=people["coordinator"],
        case=case,
        description="Tablette",
        envelope_number="ENV-9",
        storage_place="Coffre",
        seized_at=timezone.now(),
    )
    for who in ("other_coordinator", "police"):
        client = _client(people[who].email)
        for response in (
            client.get(f"/api/v1/cases/{case.pk}/devices"),
            _post(client, f"/api/v1/cases/{case.pk}/devices", _seizure()),
            _post(client, f"/api/v1/devices/{device.pk}/acknowledge", {}),
            _post(client, "/api/v1/devices/00000000-0000-0000-0000-000000000000/acknowledge", {}),
        ):
            assert response.status_code == 404, (who, response.content)
            assert response["Content-Type"] == "application/problem+json"
    assert Device.objects.count() == 1


def test_bad_input_is_a_422_problem(people, open_case):
    case = open_case()
    client = _client(people["coordinator"].email)
    url = f"/api/v1/cases/{case.pk}/devices"
    missing = _post(client, url, {"description": "Téléphone", "seized_at": "hier"})
    assert missing.status_code == 422
    fields = {e["field"] for e in missing.json()["errors"]}
    assert {"envelope_number", "storage_place", "seized_at"} <= fields
    assert _post(client, url, _seizure()).status_code == 201
    duplicate = _post(client, url, _seizure(description="Tablette"))
    assert duplicate.status_code == 422
    assert duplicate.json()["errors"][0]["field"] == "envelope_number"
    blob = _post(client, url, _seizure(envelope_number="ENV-2", description="A" * 200))
    assert blob.status_code == 422 and blob.json()["errors"][0]["field"] == "description"
    stranger = _post(client, url, _seizure(envelope_number="ENV-3", owner_id=999999))
    assert stranger.status_code == 422 and stranger.json()["errors"][0]["field"] == "owner_id"
    assert Device.objects.count() == 1


def test_professional_is_refused_with_403(people, open_case):
    case = open_case()
    services.professional_invite(actor=people["principal"], case=case, user=people["professional"])
    client = _client(people["professional"].email)
    assert client.get(f"/api/v1/cases/{case.pk}/devices").status_code == 200
    refused = _post(client, f"/api/v1/cases/{case.pk}/devices", _seizure())
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden"


def test_police_acknowledge_after_referral(people, open_case):
    case = open_case()
    client = _client(people["coordinator"].email)
    device = _post(client, f"/api/v1/cases/{case.pk}/devices", _seizure()).json()
    Referral.objects.create(
        case=case,
        police_force=case.school.territory.police_force,
        referred_by=people["coordinator"],
        police_contacted_at=timezone.now(),
    )
    police = _client(people["police"].email)
    acknowledged = _post(police, f"/api/v1/devices/{device['id']}/acknowledge", {})
    assert acknowledged.status_code == 200, acknowledged.content
    body = acknowledged.json()
    assert body["status"] == "handed_to_police"
    assert body["custody"][-1]["receipt_signed_by"] == people["police"].display_name
    again = _post(police, f"/api/v1/devices/{device['id']}/acknowledge", {})
    assert again.status_code == 409


def test_a_read_only_token_may_not_write(people, open_case):
    case = open_case()
    client = _client(people["coordinator"].email)
    issued = client.post("/account/tokens/", {"name": "lecture", "scopes": ["read"], "days": 30})
    secret = issued.context["raw_secret"]
    api = Client()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    assert api.get(f"/api/v1/cases/{case.pk}/devices", **auth).status_code == 200
    refused = _post(api, f"/api/v1/cases/{case.pk}/devices", _seizure(), **auth)
    assert refused.status_code == 403 and refused.json()["code"] == "scope_missing"
    assert not Device.objects.exists()


def test_the_schema_documents_the_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/cases/{case_id}/devices" in paths
    for action in ("transfer", "hand-over", "return", "acknowledge"):
        assert f"/api/v1/devices/{{device_id}}/{action}" in paths
