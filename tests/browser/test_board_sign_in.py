"""A member signs in with their school board's account, through a real OpenID Connect provider
started locally (tests/directory/oidc/provider.mjs), at phone size, in both languages."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from sexto.directory.models import Role
from tests.directory.oidc.local_provider import (
    LocalProvider,
    identity_provider_create,
    local_provider_run,
)
from tests.factories import MembershipFactory, OrganisationFactory, SchoolFactory, UserFactory

pytestmark = pytest.mark.browser

BUTTON = {"fr": "Se connecter avec Board of the tests", "en": "Sign in with Board of the tests"}
HELLO = {"fr": "Bonjour", "en": "Hello"}


@pytest.fixture(scope="module")
def board_provider(live_server: Any) -> Iterator[LocalProvider]:
    with local_provider_run(base_url=live_server.url) as provider:
        yield provider


@pytest.mark.parametrize("language", ["fr", "en"])
def test_member_signs_in_with_their_board(
    browser: Browser,
    browser_context_args: dict[str, Any],
    live_server: Any,
    board_provider: LocalProvider,
    screenshot_dir: Path,
    language: str,
) -> None:
    board = OrganisationFactory(slug=board_provider.slug, name="Centre de services des Tests")
    identity_provider_create(organisation=board, provider=board_provider)
    MembershipFactory(
        role=Role.STAFF,
        school=SchoolFactory(organisation=board),
        user=UserFactory(
            email="member@board.test", first_name="Morgane", preferred_language=language
        ),
    )
    context = browser.new_context(
        **{**browser_context_args, "locale": "fr-CA" if language == "fr" else "en-CA"}
    )
    page = context.new_page()
    # The provider's development page imports a web font: nothing leaves the machine.
    page.route("https://fonts.googleapis.com/**", lambda route: route.abort())

    page.goto(f"{live_server.url}/accounts/login/")
    button = page.get_by_role("button", name=BUTTON[language])
    expect(button).to_be_visible()
    page.screenshot(path=str(screenshot_dir / f"board-sign-in-{language}.png"), full_page=True)
    button.click()

    # At the board's provider: its own sign-in page.
    page.wait_for_url(f"{board_provider.issuer}/**")
    page.fill("input[name=login]", "member")
    page.fill("input[name=password]", "any password")
    page.click("button[type=submit]")

    page.wait_for_url(f"{live_server.url}/**")
    page.wait_for_load_state()
    assert "/accounts/" not in page.url
    expect(page.locator("h1")).to_contain_text(HELLO[language])
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    page.screenshot(path=str(screenshot_dir / f"board-signed-in-{language}.png"), full_page=True)
    context.close()
