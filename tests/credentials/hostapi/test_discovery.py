"""The discovery document (getServiceDescription): an OpenAPI 3.0 document whose OAuth2ACG
scheme leads a backpack to registration, authorisation and tokens; and the privacy page it
names."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.credentials.hostapi.conftest import API, SCOPE

pytestmark = pytest.mark.django_db


def test_the_discovery_document_has_the_shape_the_specification_requires() -> None:
    response = Client().get(f"{API}/discovery")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    document = response.json()
    assert document["openapi"].startswith("3.0")
    info = document["info"]
    assert info["x-imssf-privacyPolicyUrl"] == "https://sexto.test/ims/ob/v3p0/privacy"
    assert info["x-imssf-image"].startswith("https://sexto.test/static/")
    assert document["servers"][0]["url"] == "https://sexto.test/ims/ob/v3p0"
    scheme = document["components"]["securitySchemes"]["OAuth2ACG"]
    assert scheme["type"] == "oauth2"
    assert scheme["x-imssf-registrationUrl"] == "https://sexto.test/ims/ob/v3p0/register"
    flow = scheme["flows"]["authorizationCode"]
    assert flow["authorizationUrl"] == "https://sexto.test/ims/ob/v3p0/oauth/authorize/"
    assert flow["tokenUrl"] == flow["refreshUrl"] == "https://sexto.test/ims/ob/v3p0/oauth/token/"
    assert set(flow["scopes"]) == {
        f"{SCOPE}{name}"
        for name in (
            "credential.readonly",
            "credential.upsert",
            "profile.readonly",
            "profile.update",
        )
    }
    operations = {
        operation["operationId"]
        for path in document["paths"].values()
        for operation in path.values()
    }
    assert operations == {
        "getCredentials",
        "upsertCredential",
        "getProfile",
        "putProfile",
        "getServiceDescription",
    }


def test_the_privacy_page_says_what_an_app_gets(english: None) -> None:
    page = Client().get(f"{API}/privacy").content.decode()
    assert "never your email address" in page
    assert "Revoked badges are never sent" in page
