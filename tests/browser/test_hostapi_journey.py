"""A member connects a backpack to their badges and revokes it (Debian chromium, 390×844, in
French): the consent page in the product layout with no CSP violation (its form may go on to
the client's redirect URI, another origin: CSP form-action), Allow, the backpack's callback
gets a code it exchanges with its PKCE verifier; Connected apps lists it; Revoke stops the token
at once. axe finds no serious or critical violation on either page."""

from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, expect

from sexto.credentials.hostapi.registration import host_client_register
from sexto.directory.models import User
from sexto.training.demo import asantos_seed, demo_program_seed
from sexto.training.models import Level
from tests.browser.pages import sign_in
from tests.browser.test_accessibility import _violations
from tests.credentials.hostapi.conftest import (
    READ_SCOPE,
    Backpack,
    authorize_query,
    pkce_pair,
    registration_body,
)

pytestmark = pytest.mark.browser


def test_a_member_connects_a_backpack_then_revokes_it(
    browser: Browser, browser_context_args: dict[str, Any], demo_live: Any, screenshot_dir: Path
) -> None:
    base = demo_live.url
    program = demo_program_seed()
    level = Level.objects.get(program=program, slug="explorateur")
    asantos_seed(level=level, trainer=User.objects.get(email="formation@cadre21.demo"))
    # A loopback callback (http is allowed there) on another origin than the site's (localhost
    # and 127.0.0.1 are two origins): the live server answers it (404), the code is in the URL
    # the browser lands on, as a native backpack would read it.
    parts = urlsplit(base)
    other_host = "127.0.0.1" if parts.hostname == "localhost" else "localhost"
    callback = f"http://{other_host}:{parts.port}/backpack/callback"
    registered = host_client_register(data=registration_body(redirect_uris=[callback]))
    backpack = Backpack(registered.client.application.client_id, registered.client_secret)

    page = browser.new_context(**browser_context_args).new_page()
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    sign_in(page, base, "asantos@isb.demo")

    verifier, challenge = pkce_pair()
    page.goto(base + authorize_query(backpack, READ_SCOPE, challenge, callback))
    expect(page.locator("h1")).to_contain_text("Sac à badges de test")
    expect(page.locator("[data-testid=consent-scopes]")).to_contain_text("Voir vos badges Sexto")
    page.screenshot(path=str(screenshot_dir / "hostapi-consent.png"), full_page=True)
    with page.expect_navigation(url=f"{callback}**"):
        page.click("[data-testid=consent-allow]")
    query = parse_qs(urlsplit(page.url).query)
    assert query["state"] == ["xyz"]
    # The backpack's own calls, over HTTP to the live server (no cookies).
    backpack_context = browser.new_context()
    backpack_http = backpack_context.request
    answer = backpack_http.post(
        f"{base}/ims/ob/v3p0/oauth/token/",
        form={
            "grant_type": "authorization_code",
            "code": query["code"][0],
            "redirect_uri": callback,
            "code_verifier": verifier,
        },
        headers={"authorization": backpack.basic()},
    )
    assert answer.status == 200, answer.text()
    bearer = {"authorization": f"Bearer {answer.json()['access_token']}"}
    fetched = backpack_http.get(f"{base}/ims/ob/v3p0/credentials", headers=bearer)
    assert fetched.status == 200 and fetched.json()["credential"]

    page.goto(f"{base}/my/connected-apps/")
    expect(page.locator("[data-testid=connected-app]")).to_contain_text("Sac à badges de test")
    page.screenshot(path=str(screenshot_dir / "hostapi-connected-apps.png"), full_page=True)
    # axe is injected as a script: its own context lifts the CSP (as test_accessibility does).
    axe_context = browser.new_context(**browser_context_args, bypass_csp=True)
    axe = axe_context.new_page()
    sign_in(axe, base, "asantos@isb.demo")
    axe.goto(base + authorize_query(backpack, READ_SCOPE, pkce_pair()[1], callback))
    assert _violations(axe) == []
    axe.goto(f"{base}/my/connected-apps/")
    assert _violations(axe) == []
    axe_context.close()
    page.click("[data-testid=revoke-app]")
    expect(page.locator("[data-testid=no-connected-app]")).to_be_visible()
    assert backpack_http.get(f"{base}/ims/ob/v3p0/credentials", headers=bearer).status == 401
    assert violations == []
    # Closed before the live server stops, so no keep-alive connection outlives the test.
    backpack_context.close()
    page.context.close()
