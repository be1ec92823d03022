"""allauth's pages (two factors, password) in the product's layout and voice (issue 18: unstyled
pages, Title Case in English, a text keypad for six digits on phones, French typography)."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.factories import World
from tests.helpers import PASSWORD, sign_in

pytestmark = pytest.mark.django_db


def _at_second_factor(world: World, language: str) -> tuple[Client, str]:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    response = client.post(
        "/accounts/login/", {"login": world.people["coordinator"].email, "password": PASSWORD}
    )
    assert response["Location"].startswith("/accounts/2fa/authenticate")
    return client, client.get(response["Location"]).content.decode()


def test_the_code_page_is_the_products_with_a_numeric_keypad(world):
    _client, page = _at_second_factor(world, "en")
    assert 'class="site-header"' in page or "<header" in page  # the product's layout
    assert re.search(r"<h1>\s*Two-factor authentication\s*</h1>", page)
    code = re.search(r"<input[^>]*name=\"code\"[^>]*>", page)[0]
    assert 'inputmode="numeric"' in code and 'autocomplete="one-time-code"' in code
    assert re.search(r'<button class="button"[^>]*type="submit">\s*Sign in\s*<', page)
    assert 'class="form"' in page


def test_the_code_page_in_french_follows_the_typography(world):
    _client, page = _at_second_factor(world, "fr")
    text = re.sub(r"<[^>]+>", " ", page.split("<main", 1)[1].split("</main>", 1)[0])
    assert "'" not in text, "straight apostrophe"
    assert not re.search(r"[^\u00a0]:\s", text.replace("https:", "")), "space before colon"
    assert " ?" not in text and "e-mail" not in text.lower()


def test_a_wrong_code_keeps_the_layout_and_says_what_to_do(world):
    client, _page = _at_second_factor(world, "en")
    page = client.post("/accounts/2fa/authenticate/", {"code": "000000"}).content.decode()
    assert 'class="error-summary"' in page and "Incorrect code." in page


def test_two_factor_management_pages_use_sentence_case(world):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    sign_in(client, world.people["coordinator"].email)
    for path in ("/accounts/2fa/", "/accounts/2fa/recovery-codes/"):
        page = client.get(path, follow=True).content.decode()
        for title in re.findall(r"<h[12][^>]*>\s*([^<]+?)\s*</h[12]>", page):
            words = title.split()
            assert not any(w[:1].isupper() for w in words[1:] if w not in {"TOTP"}), title
