"""The shape and language of our OB 3.0 credential (issue 17, "Shape" and "Language"): proof set,
credentialSchema, 3.0.3 schema, the name identifier, the issuer profile, inLanguage and the
per-language Achievements linked with ``related``, the verification page's language."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client, override_settings
from django.utils.html import escape

from sexto.credentials import services, verification
from sexto.credentials.models import Award, IssuedCredential
from sexto.credentials.ob3.schema import schema_errors
from sexto.directory.models import Organisation, User
from sexto.training.demo import asantos_seed
from sexto.training.models import Level

SCHEMA_ID = (
    "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
)


@pytest.fixture
def asantos_award(
    people: dict[str, User], explorateur: Level, django_capture_on_commit_callbacks: Any
) -> Award:
    with django_capture_on_commit_callbacks(execute=True):
        asantos_seed(level=explorateur, trainer=people["trainer"])
    return Award.objects.get(recipient__handle="asantos", badge_slug="sexto-explorateur")


def _credential(award: Award) -> dict[str, Any]:
    return json.loads(services.credential_for(award).signed)


def _resign(award: Award) -> dict[str, Any]:
    IssuedCredential.objects.filter(award=award).delete()
    return _credential(award)


def test_the_credential_has_the_3_0_3_shape_and_verifies(asantos_award: Award) -> None:
    credential = _credential(asantos_award)
    assert credential["credentialSchema"] == [
        {"id": SCHEMA_ID, "type": "1EdTechJsonSchemaValidator2019"}
    ]
    assert isinstance(credential["proof"], list) and len(credential["proof"]) == 1
    assert schema_errors(credential) == []
    result = verification.credential_verify_submitted(json.dumps(credential))
    assert result.verified, result.errors
    assert result.check("schema").status == "passed"  # type: ignore[union-attr]


def test_a_stored_credential_with_a_proof_object_keeps_verifying(asantos_award: Award) -> None:
    """Credentials signed before the array form: the same signature, written as an object."""
    credential = _credential(asantos_award)
    legacy = {**credential, "proof": credential["proof"][0]}
    result = verification.credential_verify_submitted(json.dumps(legacy))
    assert result.verified, result.errors
    assert result.check("schema").status == "passed"  # type: ignore[union-attr]


@pytest.mark.parametrize("language, other", [("fr", "en"), ("en", "fr")])
def test_the_credential_declares_its_language_and_links_the_other(
    asantos_award: Award, language: str, other: str
) -> None:
    User.objects.filter(pk=asantos_award.recipient_id).update(preferred_language=language)
    asantos_award.refresh_from_db()
    credential = _resign(asantos_award)
    assert credential["inLanguage"] == language
    achievement = credential["credentialSubject"]["achievement"]
    assert achievement["id"] == f"https://sexto.test/badges/sexto-explorateur/{language}"
    assert achievement["inLanguage"] == language
    assert achievement["name"] == asantos_award.snapshot_text("badge_name", language)
    assert achievement["related"] == [
        {
            "id": f"https://sexto.test/badges/sexto-explorateur/{other}",
            "type": ["Related"],
            "inLanguage": other,
        }
    ]
    assert verification.credential_verify_submitted(json.dumps(credential)).verified
    assert schema_errors(credential) == []


@pytest.mark.parametrize("language, other", [("fr", "en"), ("en", "fr")])
def test_each_language_achievement_is_served_and_points_at_the_other(
    explorateur: Level, language: str, other: str
) -> None:
    response = Client().get(f"/badges/sexto-explorateur/{language}")
    assert response.status_code == 200
    document = response.json()
    assert document["id"] == f"https://sexto.test/badges/sexto-explorateur/{language}"
    assert document["inLanguage"] == language
    assert document["name"] == explorateur.badge_name_in(language)
    assert document["related"][0]["id"] == f"https://sexto.test/badges/sexto-explorateur/{other}"
    back = Client().get(f"/badges/sexto-explorateur/{other}").json()
    assert back["related"][0]["id"] == document["id"]
    # The plain id, which credentials signed before name, stays valid.
    assert Client().get("/badges/sexto-explorateur").status_code == 200
    assert Client().get("/badges/sexto-explorateur/de").status_code == 404


def test_the_issuer_profile_has_an_image_we_serve_and_a_description(asantos_award: Award) -> None:
    issuer = _credential(asantos_award)["issuer"]
    assert issuer["type"] == ["Profile"]
    assert issuer["description"]
    assert issuer["image"] == {
        "id": "https://sexto.test/issuers/cadre21/image.png",
        "type": "Image",
    }
    response = Client().get("/issuers/cadre21/image.png")
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert response.content.startswith(b"\x89PNG")
    assert Client().get("/issuers/no-such-org/image.png").status_code == 404


@override_settings(CREDENTIALS_ISSUER_EMAIL="")
def test_no_email_is_made_up_when_there_is_none(asantos_award: Award) -> None:
    Organisation.objects.filter(slug="cadre21").update(email="")
    assert "email" not in _resign(asantos_award)["issuer"]


@override_settings(CREDENTIALS_ISSUER_EMAIL="badges@sexto.example")
def test_the_issuer_email_is_the_organisations_else_the_configured_one(
    asantos_award: Award,
) -> None:
    Organisation.objects.filter(slug="cadre21").update(email="")
    assert _resign(asantos_award)["issuer"]["email"] == "badges@sexto.example"
    Organisation.objects.filter(slug="cadre21").update(email="info@cadre21.example")
    credential = _resign(asantos_award)
    assert credential["issuer"]["email"] == "info@cadre21.example"
    assert verification.credential_verify_submitted(json.dumps(credential)).verified


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_verification_page_shows_the_title_in_the_pages_language(
    asantos_award: Award, language: str
) -> None:
    names = {lang: asantos_award.snapshot_text("badge_name", lang) for lang in ("fr", "en")}
    assert names["fr"] != names["en"]
    other = "en" if language == "fr" else "fr"
    page = Client(headers={"accept-language": language}).get(f"/verify/{asantos_award.pk}")
    html = page.content.decode()
    assert escape(names[language]) in html
    assert escape(names[other]) not in html


@override_settings(CREDENTIALS_ISSUER_EMAIL="")
def test_the_did_document_carries_the_issuer_profile(asantos_award: Award) -> None:
    from django.core.cache import cache
    from pyld import jsonld

    from sexto.credentials.ob3.loader import bundled_document_loader

    Organisation.objects.filter(slug="cadre21").update(email="info@cadre21.example")
    services.credential_for(asantos_award)
    document = Client().get("/issuers/cadre21/did.json").json()
    assert document["name"] == Organisation.objects.get(slug="cadre21").name
    assert document["image"] == "https://sexto.test/issuers/cadre21/image.png"
    assert document["email"] == "info@cadre21.example"
    assert document["description"] and document["url"] == "https://sexto.test/"
    # Every profile term is defined: nothing is dropped when the document is read as JSON-LD.
    nquads = jsonld.to_rdf(
        document,
        {"format": "application/n-quads", "documentLoader": bundled_document_loader},
    )
    for value in ("info@cadre21.example", "https://sexto.test/issuers/cadre21/image.png"):
        assert value in nquads
    Organisation.objects.filter(slug="cadre21").update(email="")
    cache.clear()
    assert "email" not in Client().get("/issuers/cadre21/did.json").json()


def test_control_characters_never_reach_a_signed_credential():
    """Found by the speed work: pyld keeps control characters raw where RDFC-1.0 tools escape
    them, so a name pasted with one would verify here and fail at every peer verifier."""
    from sexto.credentials.signing import control_characters_removed

    document = {"name": "Ana\x07 Santos\x00", "a\x1fb": ["tab\tok", "line\nok", "del\x7f"]}
    assert control_characters_removed(document) == {
        "name": "Ana Santos",
        "ab": ["tab\tok", "line\nok", "del"],
    }
