"""Wallet pages and endpoints over HTTP: the member's "Add to a wallet" page (QR codes, deep
links, expiry, both languages), OID4VCI metadata, and errors as problem details."""

from __future__ import annotations

import html
import json
import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from django.test import Client

from sexto.credentials.models import Award
from sexto.directory.models import User

pytestmark = pytest.mark.django_db


def _page(award: Award, language: str = "en") -> str:
    client = Client(headers={"accept-language": language})
    client.force_login(award.recipient)
    client.cookies["django_language"] = language
    response = client.post(f"/my/badges/{award.pk}/wallet/")
    assert response.status_code == 200
    assert (
        response["Cache-Control"].startswith("max-age=0") or "no-cache" in response["Cache-Control"]
    )
    return response.content.decode()


def test_my_badges_links_to_add_to_a_wallet(award: Award) -> None:
    client = Client()
    client.force_login(award.recipient)
    page = client.get("/my/badges/").content.decode()
    assert f"/my/badges/{award.pk}/wallet/" in page


def test_the_page_shows_qr_codes_deep_links_and_the_expiry(award: Award) -> None:
    page = _page(award)
    assert page.count("<svg") >= 2
    links = dict(
        (name, html.unescape(link))
        for link, name in re.findall(
            r'href="([^"]+)" data-testid="wallet-(lcw|oid4vci)-link"', page
        )
    )
    request = json.loads(unquote(links["lcw"].split("request=", 1)[1]))
    assert request["protocols"]["vcapi"].startswith("https://sexto.test/wallet/exchanges/")
    offer_uri = parse_qs(urlsplit(links["oid4vci"]).query)["credential_offer_uri"][0]
    assert offer_uri.startswith("https://sexto.test/wallet/oid4vci/offers/")
    assert "expire in 10 minutes" in page
    assert "Learner Credential Wallet" in page


def test_the_page_is_in_french_too(award: Award) -> None:
    page = _page(award, "fr")
    assert "Ajouter à un portefeuille" in page
    assert re.search(r"expirent dans 10 minutes, à \d{1,2} h \d{2}\.", page)


def test_another_member_cannot_offer_the_badge(award: Award, people: dict[str, User]) -> None:
    client = Client()
    client.force_login(people["trainer"])
    assert client.post(f"/my/badges/{award.pk}/wallet/").status_code == 404


def test_issuer_metadata_names_the_open_badge_configuration(client: Client) -> None:
    metadata = client.get("/.well-known/openid-credential-issuer").json()
    assert metadata["credential_issuer"] == "https://sexto.test"
    configuration = metadata["credential_configurations_supported"]["OpenBadgeCredential"]
    assert configuration["format"] == "ldp_vc"
    assert metadata["credential_endpoint"] == "https://sexto.test/wallet/oid4vci/credential"
    server = client.get("/.well-known/oauth-authorization-server").json()
    assert server["token_endpoint"] == "https://sexto.test/wallet/oid4vci/token"


def test_a_used_offer_answers_problem_details(award: Award, client: Client) -> None:
    page = _page(award)
    link = html.unescape(re.search(r'href="([^"]+)" data-testid="wallet-oid4vci-link"', page)[1])
    offer_uri = parse_qs(urlsplit(link).query)["credential_offer_uri"][0]
    path = urlsplit(offer_uri).path
    offer = client.get(path).json()
    code = offer["grants"]["urn:ietf:params:oauth:grant-type:pre-authorized_code"][
        "pre-authorized_code"
    ]
    grant = {"grant_type": "urn:ietf:params:oauth:grant-type:pre-authorized_code"}
    token = client.post("/wallet/oid4vci/token", {**grant, "pre-authorized_code": code})
    assert token.status_code == 200 and token.json()["token_type"] == "Bearer"
    again = client.post("/wallet/oid4vci/token", {**grant, "pre-authorized_code": code})
    assert again.status_code == 409
    assert again["Content-Type"] == "application/problem+json"
    body = again.json()
    assert body["status"] == 409 and body["detail"]
    assert body["error"] == "invalid_grant"
    assert client.get(path).status_code == 409
