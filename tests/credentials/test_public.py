"""Public documents and the verification page: DID document, status list, OB 2.0 hosted
documents, plain and baked badge images, the bilingual verification page, revocation page."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.utils.html import escape

from sexto.credentials import services, verification
from sexto.credentials.images import svg_extract_ob2
from sexto.credentials.models import Award
from sexto.credentials.ob3.baking import png_extract, svg_extract
from sexto.credentials.ob3.status_list import Bitstring
from sexto.directory.models import User
from tests.helpers import sign_in


def test_did_document_is_served_at_the_did_web_path(award: Award) -> None:
    response = Client().get("/issuers/cadre21/did.json")
    assert response.status_code == 200
    document = response.json()
    assert document["id"] == "did:web:sexto.test:issuers:cadre21"
    method = json.loads(services.credential_for(award).signed)["proof"][0]["verificationMethod"]
    assert method in document["assertionMethod"]
    assert Client().get("/issuers/no-such-org/did.json").status_code == 404


def test_status_list_is_signed_and_shows_a_revocation(
    award: Award, people: dict[str, User]
) -> None:
    url = "/status/cadre21/1.json"
    before = Client().get(url)
    assert before.status_code == 200
    listed = json.loads(before.content)
    assert listed["type"] == ["VerifiableCredential", "BitstringStatusListCredential"]
    assert (
        verification.credential_verify_submitted(before.content).check("proof").status == "passed"
    )  # type: ignore[union-attr]
    index = services.credential_for(award).status_index
    assert not Bitstring.decode(listed["credentialSubject"]["encodedList"])[index]
    services.credential_revoke(award=award, actor=people["trainer"], reason="Erreur.")
    after = json.loads(Client().get(url).content)
    assert Bitstring.decode(after["credentialSubject"]["encodedList"])[index]
    assert Client().get("/status/cadre21/9.json").status_code == 404


def test_ob2_hosted_documents_have_the_ob2_shape(award: Award) -> None:
    client = Client()
    assertion = client.get(f"/ob2/assertions/{award.pk}.json").json()
    assert assertion["@context"] == "https://w3id.org/openbadges/v2"
    assert assertion["type"] == "Assertion"
    assert assertion["id"] == f"https://sexto.test/ob2/assertions/{award.pk}.json"
    assert assertion["verification"] == {"type": "hosted"}
    assert assertion["recipient"]["hashed"] is True
    assert assertion["recipient"]["identity"].startswith("sha256$")
    assert assertion["issuedOn"] == "2024-03-14T20:43:05Z"
    badge_path = assertion["badge"].removeprefix("https://sexto.test")
    badge = client.get(badge_path).json()
    assert badge["type"] == "BadgeClass" and badge["id"] == assertion["badge"]
    assert {"name", "description", "image", "criteria", "issuer"} <= set(badge)
    issuer = client.get(badge["issuer"].removeprefix("https://sexto.test")).json()
    assert issuer["type"] == "Issuer" and issuer["id"] == badge["issuer"]
    assert {"name", "url", "email"} <= set(issuer)


def test_revoked_ob2_assertion_answers_410(award: Award, people: dict[str, User]) -> None:
    services.credential_revoke(award=award, actor=people["trainer"], reason="Erreur.")
    response = Client().get(f"/ob2/assertions/{award.pk}.json")
    assert response.status_code == 410 and response.json()["revoked"] is True


def test_badge_images_plain_and_baked(award: Award) -> None:
    client = Client()
    png = client.get("/badges/sexto-explorateur.png")
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")
    svg = client.get("/badges/sexto-explorateur.svg")
    assert svg.status_code == 200 and b"<svg" in svg.content and b"EXPLORATEUR" in svg.content
    signed = services.credential_for(award).signed
    baked_png = client.get(f"/credentials/{award.pk}/badge.png").content
    assert png_extract(baked_png) == signed
    baked_svg = client.get(f"/credentials/{award.pk}/badge.svg").content
    assert svg_extract(baked_svg) == signed
    assert verification.credential_verify_submitted(png_extract(baked_png) or "").verified
    ob2_png = client.get(f"/ob2/assertions/{award.pk}/badge.png").content
    assert json.loads(png_extract(ob2_png) or "{}")["type"] == "Assertion"
    ob2_svg = client.get(f"/ob2/assertions/{award.pk}/badge.svg").content
    assert json.loads(svg_extract_ob2(ob2_svg) or "{}")["id"].endswith(f"{award.pk}.json")


def test_credential_download_is_the_stored_bytes(award: Award) -> None:
    response = Client().get(f"/credentials/{award.pk}?download=1")
    assert response.content.decode() == services.credential_for(award).signed
    assert "attachment" in response["Content-Disposition"]


@pytest.mark.parametrize(
    "language, verdict, checks",
    [
        ("en", "This badge is authentic and valid.", "nothing was changed since it was issued"),
        ("fr", "Ce badge est authentique et valide.", "rien n’a été modifié"),
    ],
)
def test_verification_page_in_both_languages(
    award: Award, language: str, verdict: str, checks: str
) -> None:
    response = Client(headers={"accept-language": language}).get(f"/verify/{award.pk}")
    assert response.status_code == 200
    page = response.content.decode()
    # The badge's title in the page's language (the award's snapshot has both).
    assert escape(award.snapshot_text("badge_name", language)) in page
    if language == "en":  # French wording comes once the lead merges the translations
        assert verdict in page and checks in page


def test_verification_page_says_revoked_with_the_date_not_the_reason(
    award: Award, people: dict[str, User]
) -> None:
    services.credential_revoke(award=award, actor=people["trainer"], reason="Motif confidentiel")
    page = Client(headers={"accept-language": "en"}).get(f"/verify/{award.pk}").content.decode()
    assert 'data-testid="revoked"' in page
    assert "The issuer revoked this badge on" in page
    assert "Motif confidentiel" not in page
    assert 'data-check="status" data-status="failed"' in page


def test_unknown_award_is_404(db: None) -> None:
    assert Client().get("/verify/00000000-0000-0000-0000-000000000000").status_code == 404


def test_a_trainer_revokes_through_the_page_with_a_reason(
    award: Award, people: dict[str, User], client: Any
) -> None:
    sign_in(client, people["trainer"].email)
    url = f"/credentials/{award.pk}/revoke"
    empty = client.post(url, {"reason": ""})
    assert empty.status_code == 200 and b"error-summary" in empty.content
    done = client.post(url, {"reason": "Badge attribué par erreur."})
    assert done.status_code == 302
    assert services.credential_for(award).revoked_at is not None


def test_a_learner_cannot_open_the_revocation_page(
    award: Award, people: dict[str, User], client: Any
) -> None:
    sign_in(client, people["learner"].email)
    assert client.get(f"/credentials/{award.pk}/revoke").status_code == 403


def test_public_pages_fall_under_the_public_rate_rule(award: Award) -> None:
    from django.test import override_settings

    from sexto.core.limits_rules import RateRule

    rule = [RateRule("credentials:public_*", "2/m", ("GET",))]
    with override_settings(RATE_LIMITS_ENABLED=True, RATE_LIMITS=rule):
        client = Client()
        statuses = [client.get(f"/verify/{award.pk}").status_code for _ in range(2)]
        statuses.append(client.get("/issuers/cadre21/did.json").status_code)
    assert statuses == [200, 200, 429]
