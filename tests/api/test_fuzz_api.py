"""Schemathesis against /api/v1/openapi.json as a signed-in coordinator (a bearer token): on the
kit's operations, no 5xx, and every response conforms to the schema (status, content type, body).

Bounded for CI: SEXTO_FUZZ_EXAMPLES examples per operation (default 25); raise it to fuzz deeper.
"""

from __future__ import annotations

import datetime
import os
import secrets
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from sexto.api.models import ApiToken
from sexto.api.services import TOKEN_PREFIX, token_digest
from tests.factories import (
    CaseFactory,
    CasePersonFactory,
    DeviceFactory,
    IntakeFactory,
    ReferralFactory,
    World,
    case_closed,
)

EXAMPLES = int(os.environ.get("SEXTO_FUZZ_EXAMPLES", "25"))
# The kit's operations (issue 10): grid, intakes, cases and steps, devices, referrals, credentials.
OPERATIONS = r"^/api/v1/(grid|intakes|cases|devices|referrals|credentials)"
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def coordinator_token(world: World) -> str:
    """A token of the Hauts-Sommets coordinator, whose school has work at several stages: a new
    intake, an open case with a student, a seized device and a referral, and a closed case."""
    hauts = world.schools["751001"]
    coordinator = world.people["coordinator"]
    IntakeFactory(school=hauts)
    case = CaseFactory(school=hauts, actor=coordinator)
    CasePersonFactory(case=case)
    DeviceFactory(case=case)
    ReferralFactory(case=case)
    case_closed(case=CaseFactory(school=hauts, actor=coordinator))
    raw = TOKEN_PREFIX + secrets.token_urlsafe(24)
    ApiToken.objects.create(
        user=coordinator,
        name="fuzz",
        prefix=raw[:12],
        digest=token_digest(raw),
        scopes=["read", "grid", "write"],
        expires_at=timezone.now() + datetime.timedelta(days=1),
    )
    return raw


@pytest.fixture
def wsgi_in_test_transaction() -> Iterator[Any]:
    """The real WSGI handler, minus what Django's test client also switches off: closing the
    connection at each request would end the test's transaction (PostgreSQL says "closed")."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def test_api_answers_within_its_schema_and_never_fails(
    coordinator_token: str, wsgi_in_test_transaction: Any
) -> None:
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", wsgi_in_test_transaction)
    operations = [
        result.ok() for result in schema.include(path_regex=OPERATIONS).get_all_operations()
    ]
    headers = {"Authorization": f"Bearer {coordinator_token}", "Accept-Language": "en"}
    failures: list[str] = []
    calls = 0

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def fuzz(case: Any) -> None:
            nonlocal calls
            calls += 1
            case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            fuzz()
        except Exception as error:
            failures.append(f"{operation.label}: {str(error)[:1500]}")
    print(f"\nschemathesis: {len(operations)} operations, {calls} calls")
    assert len(operations) >= 20
    assert not failures, "\n\n".join(failures)
