"""/grid/: who may use it; the form keeps answers on errors; nothing is stored."""

import re

import pytest
from django.test import Client

from sexto.audit.models import AuditEvent
from sexto.directory.models import User
from sexto.interventions.forms.grid import grid_forms_build, grid_initial_from_incident
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db

VALID = {
    "people-TOTAL_FORMS": "2",
    "people-INITIAL_FORMS": "0",
    "people-MIN_NUM_FORMS": "1",
    "people-MAX_NUM_FORMS": "20",
    "people-0-id": "A",
    "people-0-age": "15",
    "people-0-roles": ["depicted", "producer", "sender"],
    "people-1-id": "B",
    "people-1-age": "16",
    "people-1-roles": ["recipient", "distributor"],
    "medium": "photo",
    "depiction": "genitals_or_anal_region",
    "sexual_purpose": "yes",
    "production_by": "self",
    "production_consent": "yes",
    "stage": "redistributed",
    "redistribution_consent": "no",
    "audience": "few",
}


@pytest.mark.parametrize(
    ("who", "status"),
    [("coordinator", 200), ("principal", 200), ("staff", 404), ("admin", 404)],
)
def test_who_may_use_the_grid(
    people: dict[str, User], client: Client, who: str, status: int
) -> None:
    sign_in(client, people[who].email)
    assert client.get("/grid/").status_code == status


def test_valid_answers_give_a_result_and_store_nothing(
    people: dict[str, User], client: Client
) -> None:
    sign_in(client, people["coordinator"].email)
    events = AuditEvent.objects.count()
    response = client.post("/grid/", VALID)
    assert response.status_code == 200
    assert response.context["grid"].result["route"] == "sexto_procedure"
    assert 'data-route="sexto_procedure"' in response.content.decode()
    assert AuditEvent.objects.count() == events


def test_wrong_field_keeps_every_answer(people: dict[str, User], client: Client) -> None:
    sign_in(client, people["coordinator"].email)
    response = client.post("/grid/", {**VALID, "people-1-age": "200", "people-1-id": "A"})
    body = response.content.decode()
    assert response.status_code == 422
    assert 'value="200"' in body
    assert re.search(r'value="genitals_or_anal_region"[^>]*checked', body)
    assert "error-summary" in body


def test_adding_a_person_keeps_answers_and_shows_no_errors(
    people: dict[str, User], client: Client
) -> None:
    sign_in(client, people["coordinator"].email)
    response = client.post("/grid/", {**VALID, "medium": "", "add_person": "1"})
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count('data-testid="person"') == 3
    assert "error-summary" not in body


def test_preview_returns_the_result_partial(people: dict[str, User], client: Client) -> None:
    sign_in(client, people["coordinator"].email)
    response = client.post("/grid/preview/", VALID, HTTP_HX_REQUEST="true")
    assert 'data-route="sexto_procedure"' in response.content.decode()
    incomplete = client.post("/grid/preview/", {**VALID, "depiction": ""})
    assert 'data-testid="grid-result-empty"' in incomplete.content.decode()


def test_grid_errors_map_back_onto_fields() -> None:
    forms = grid_forms_build({**VALID, "people-0-adult": "on"})
    assert forms.evaluate() is None
    assert forms.people.forms[0].errors["adult"]


def test_stored_answers_round_trip_into_the_form() -> None:
    forms = grid_forms_build(VALID)
    forms.evaluate()
    assert forms.answers is not None
    initial, people = grid_initial_from_incident(forms.answers)
    assert people[1]["roles"] == ["recipient", "distributor"]
    assert initial["depiction"] == "genitals_or_anal_region"
