"""Each demo role signs in with TOTP, sees its menu, and switches language (Debian chromium)."""

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.pages import menu_keys, sign_in

pytestmark = pytest.mark.browser

COMMON = {"home", "account", "api_tokens"}
ROLES = [
    ("coordination@hauts-sommets.demo", COMMON),
    ("backup@hauts-sommets.demo", COMMON),
    ("direction@hauts-sommets.demo", COMMON),
    ("psychoed@hauts-sommets.demo", COMMON),
    ("enseignant@hauts-sommets.demo", COMMON),
    ("liaison@police-saint-jerome.demo", COMMON),
    ("prp@css-mille-lacs.demo", COMMON),
    ("admin@css-mille-lacs.demo", COMMON | {"organisation"}),
    ("analyste@css-mille-lacs.demo", COMMON),
    ("formation@cadre21.demo", COMMON),
    ("asantos@isb.demo", COMMON),
]


@pytest.mark.parametrize(("email", "expected_menu"), ROLES)
def test_role_signs_in_with_totp_and_sees_its_menu(
    page: Page, demo_live: Any, screenshot_dir: Path, email: str, expected_menu: set[str]
) -> None:
    sign_in(page, demo_live.url, email)
    expect(page.locator("h1")).to_contain_text("Bonjour")
    assert menu_keys(page) >= expected_menu
    if "organisation" not in expected_menu:
        assert "organisation" not in menu_keys(page)
    page.screenshot(path=str(screenshot_dir / f"home-{email.split('@')[0]}.png"), full_page=True)


def test_language_switch_and_organisation_page(
    page: Page, demo_live: Any, screenshot_dir: Path
) -> None:
    sign_in(page, demo_live.url, "admin@css-mille-lacs.demo")
    page.goto(f"{demo_live.url}/organisation/css-mille-lacs/")
    expect(page.locator("[data-testid=schools]")).to_contain_text("Utilisable")
    page.screenshot(path=str(screenshot_dir / "organisation-fr.png"), full_page=True)
    page.click("[data-testid=lang-en]")
    expect(page.locator("[data-testid=schools]")).to_contain_text("Not usable")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.screenshot(path=str(screenshot_dir / "organisation-en.png"), full_page=True)
    page.click("[data-testid=lang-fr]")
    expect(page.locator("html")).to_have_attribute("lang", "fr")


def test_no_csp_violation_on_the_landing_page(page: Page, demo_live: Any) -> None:
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(demo_live.url)
    expect(page.locator("[data-testid=sign-in]")).to_be_visible()
    assert not [e for e in errors if "Content Security Policy" in e]
