"""Abuse limits: a clear 429 with Retry-After past a rate, 413 for an oversized body, one place."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from sexto.core.limits import RateRule

pytestmark = pytest.mark.django_db

TWO_A_MINUTE = [RateRule("interventions:intake_new", "2/m", ("POST",))]


def _post(client: Client, url: str) -> int:
    # A form post (multipart bodies to the kit are refused before any limit is counted).
    return client.post(url, data="", content_type="application/x-www-form-urlencoded").status_code


@override_settings(RATE_LIMITS=TWO_A_MINUTE)
def test_past_the_rate_the_page_says_how_long_to_wait() -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="fr")
    url = reverse("interventions:intake_new")
    assert [_post(client, url) for _ in range(2)] == [302, 302]
    response = client.post(url, data="", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 429
    wait = int(response["Retry-After"])
    assert 1 <= wait <= 60
    assert f"attendez {wait} secondes" in response.content.decode()
    assert client.get(url).status_code == 302, "reading the form is not limited by this rule"


@override_settings(RATE_LIMITS=TWO_A_MINUTE)
def test_each_client_address_has_its_own_count() -> None:
    url = reverse("interventions:intake_new")
    first, second = Client(REMOTE_ADDR="10.0.0.1"), Client(REMOTE_ADDR="10.0.0.2")
    for _ in range(2):
        _post(first, url)
    assert _post(first, url) == 429
    assert _post(second, url) == 302


@override_settings(RATE_LIMITS=[RateRule("api:intake_file", "1/m", ("POST",))])
def test_the_api_answers_a_problem_with_retry_after() -> None:
    client = Client()
    client.post("/api/v1/intakes", data="{}", content_type="application/json")
    response = client.post("/api/v1/intakes", data="{}", content_type="application/json")
    assert response.status_code == 429
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["type"] == "urn:sexto:problem:rate_limited"
    assert int(response["Retry-After"]) >= 1


@override_settings(RATE_LIMITS=TWO_A_MINUTE, RATE_LIMITS_ENABLED=False)
def test_limits_can_be_switched_off_for_a_benchmark() -> None:
    client = Client()
    url = reverse("interventions:intake_new")
    assert {_post(client, url) for _ in range(5)} == {302}


@override_settings(REQUEST_BODY_LIMITS=[("api:intake_file", 1024)])
def test_an_oversized_body_is_refused_before_it_is_read() -> None:
    client = Client()
    body = '{"what_was_said": "' + "x" * 2000 + '"}'
    response = client.post("/api/v1/intakes", data=body, content_type="application/json")
    assert response.status_code == 413
    assert response.json()["type"] == "urn:sexto:problem:body_too_large"
    assert "1 Ko" in response.json()["detail"], "French first: the API speaks the default language"
