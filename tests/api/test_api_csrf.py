"""CSRF on the API for browser sessions (issue 14, item 6).

The attack: a same-site page (another app on the school's domain, an HTML file a colleague
opens) posts to /api/v1/… with the signed-in user's session cookie, which the browser adds by
itself, and the API wrote as that user. Django's test client skips CSRF checks unless told:
these tests enforce them, as a browser would meet them.
"""

from __future__ import annotations

import datetime
import secrets
import uuid

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sexto.api.models import ApiToken
from sexto.api.services import TOKEN_PREFIX, token_digest
from sexto.directory.models import Role
from sexto.interventions.models import Intake
from tests.factories import MembershipFactory
from tests.test_authz_matrix import project_routes

pytestmark = pytest.mark.django_db

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
# Operations anyone may call without signing in (auth=None): no session is used, none to forge.
PUBLIC_OPERATIONS = {"api:credential_verify"}


def _intake(school_id: uuid.UUID) -> dict[str, str]:
    return {
        "school_id": str(school_id),
        "told_at": "2026-01-05T10:00:00-05:00",
        "told_by": "Un élève",
        "account": "Ce qui a été dit.",
    }


def _browser_of_a_signed_in_staff_member() -> tuple[Client, uuid.UUID]:
    membership = MembershipFactory(role=Role.STAFF)
    browser = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    browser.force_login(membership.user, backend="django.contrib.auth.backends.ModelBackend")
    return browser, membership.school.pk


def test_a_same_site_page_cannot_write_through_the_session() -> None:
    browser, school_id = _browser_of_a_signed_in_staff_member()
    # What the attacker's page sends: the browser adds the session cookie, nothing else.
    response = browser.post("/api/v1/intakes", _intake(school_id), content_type="application/json")
    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["code"] == "csrf_failed"
    assert "Reload the page" in problem["detail"]
    assert not Intake.objects.exists(), "nothing was written"


def test_the_products_own_pages_send_the_token_and_may_write() -> None:
    browser, school_id = _browser_of_a_signed_in_staff_member()
    page = browser.get(reverse("home"))
    # base.html gives every htmx request the token: <body hx-headers='{"X-CSRFToken": …}'>.
    assert 'hx-headers=\'{"X-CSRFToken": "' in page.content.decode()
    token = browser.cookies["csrftoken"].value
    response = browser.post(
        "/api/v1/intakes",
        _intake(school_id),
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code == 201, response.content
    assert Intake.objects.count() == 1


def test_reads_through_the_session_need_no_token() -> None:
    browser, _school_id = _browser_of_a_signed_in_staff_member()
    assert browser.get("/api/v1/me").status_code == 200


def test_bearer_tokens_stay_exempt() -> None:
    membership = MembershipFactory(role=Role.STAFF)
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    ApiToken.objects.create(
        user=membership.user,
        name="script",
        prefix=raw[len(TOKEN_PREFIX) :][:8],
        digest=token_digest(raw),
        scopes=["read", "write"],
        expires_at=timezone.now() + datetime.timedelta(days=1),
    )
    program = Client(enforce_csrf_checks=True)
    response = program.post(
        "/api/v1/intakes",
        _intake(membership.school.pk),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 201, response.content


def test_every_unsafe_api_operation_refuses_a_session_write_without_the_token() -> None:
    browser, _school_id = _browser_of_a_signed_in_staff_member()
    checked = []
    for route in project_routes():
        if not route.key.startswith("api:") or route.key in PUBLIC_OPERATIONS:
            continue
        for method in UNSAFE & set(route.methods):
            path = "/" + route.route
            for param in route.params:
                path = path.replace(f"<{param}>", str(uuid.uuid4()))
            response = browser.generic(method, path, "{}", content_type="application/json")
            got = (response.status_code, response.json().get("code"))
            checked.append((method, path, got))
    refused = [c for c in checked if c[2] == (403, "csrf_failed")]
    assert len(checked) >= 18, "every write of the API was found (18 on the day this was written)"
    assert refused == checked, [c for c in checked if c not in refused]
