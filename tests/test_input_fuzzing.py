"""Input fuzzing (hypothesis): whatever is sent, a refused request answers a clear error and
leaves the database exactly as it was — every table's row count and every audit chain's head.

The CSV import and credential verification have their own such tests beside them
(tests/credentials); the grid's pure validation is fuzzed in tests/interventions/grid.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.apps import apps
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import FormClient

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
    database=None,
)


def database_state() -> dict[str, Any]:
    """Row counts of every table plus each audit chain's head: what "unchanged" means."""
    from sexto.audit.models import AuditChainHead

    counts = {}
    with connection.cursor() as cursor:
        for model in apps.get_models():
            table = model._meta.db_table
            cursor.execute(f'SELECT count(*) FROM "{table}"')
            counts[table] = cursor.fetchone()[0]
    heads = dict(AuditChainHead.objects.values_list("chain", "hash"))
    # Sessions and the request-scoped caches are not data the request changed.
    counts.pop("django_session", None)
    return {"rows": counts, "audit_heads": heads}


INTAKE_FIELDS = ["school", "told_at", "told_by", "account", "students", "circulation"]
text = st.text(alphabet=st.characters(codec="utf-8"), max_size=300)
form_value = st.one_of(
    text, st.sampled_from(["", " ", "data:image/png;base64,iVBORw0KGgo=", "x" * 6000])
)


@pytest.fixture
def staff_client(demo: None, settings: Any) -> FormClient:
    from sexto.directory.models import User

    settings.RATE_LIMITS_ENABLED = False  # hundreds of posts from one address: not the point here

    client = FormClient()
    client.force_login(User.objects.get(email="enseignant@hauts-sommets.demo"))
    return client


@FUZZ
# A browser always sends every field of the form, empty or not.
@given(fields=st.fixed_dictionaries({name: form_value for name in INTAKE_FIELDS}))
def test_a_refused_intake_changes_nothing_and_says_why(
    staff_client: FormClient, fields: dict[str, str]
) -> None:
    before = database_state()
    response = staff_client.post("/intakes/new/", fields)
    if response.status_code == 302:
        return  # a valid report (the fuzzer can find one): it is filed, as it should be
    assert response.status_code == 422, "a refused form is answered 422, the form re-rendered"
    html = response.content.decode()
    assert 'class="error-summary"' in html, html[html.find("<main") : html.find("</main>")]
    assert database_state() == before


json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | text,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(text, children, max_size=4),
    max_leaves=20,
)


@FUZZ
@given(body=st.one_of(json_value, st.binary(max_size=200)))
def test_a_refused_grid_evaluation_changes_nothing_and_names_the_problem(
    staff_client: FormClient, body: Any
) -> None:
    from sexto.directory.models import User

    staff_client.force_login(User.objects.get(email="coordination@hauts-sommets.demo"))
    payload = body if isinstance(body, bytes) else json.dumps(body)
    before = database_state()
    response = staff_client.post(
        "/api/v1/grid/evaluate", data=payload, content_type="application/json"
    )
    assert response.status_code in {200, 400, 415, 422}, response.content[:300]
    if response.status_code != 200:
        problem = response.json()
        assert problem["type"].startswith("urn:sexto:problem:")
        assert problem["detail"]
        assert database_state() == before


@FUZZ
@given(body=st.one_of(json_value, st.binary(max_size=300)))
def test_any_submitted_credential_gets_a_verdict_and_changes_nothing(
    staff_client: FormClient, body: Any
) -> None:
    from django.test import Client

    payload = body if isinstance(body, bytes) else json.dumps(body)
    before = database_state()
    response = Client().post(
        "/api/v1/credentials/verify", data=payload, content_type="application/json"
    )
    assert response.status_code == 200, response.content[:300]
    verdict = response.json()
    assert verdict["verified"] is False
    failed = [check for check in verdict["checks"] if check["status"] == "failed"]
    assert failed and all(check["reason"] for check in failed), verdict
    assert database_state() == before
