"""Each demo role signs in with TOTP, sees its menu, and switches language (Debian chromium)."""

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.pages import menu_keys, sign_in

pytestmark = pytest.mark.browser

# Everyone is a learner (training), may hold badges and may be alerted; "API tokens" only for
# those the API serves (case work, police, the grid, trainers: issue 18).
COMMON = {"home", "account", "training", "member_badges", "alerts"}
API = {"api_tokens"}
SCHOOL_TEAM = COMMON | API | {"worklist", "intake_new", "intakes_mine", "grid"}
ROLES = [
    ("coordination@hauts-sommets.demo", SCHOOL_TEAM),
    ("backup@hauts-sommets.demo", SCHOOL_TEAM),
    # Principals and administrators confirm appointments (issue 14, item 4).
    ("direction@hauts-sommets.demo", SCHOOL_TEAM | {"appointments", "dashboard"}),
    # On no case team here (the directory alone is seeded): no "Cases" (see test_menu_by_role).
    ("psychoed@hauts-sommets.demo", COMMON | API | {"intake_new", "intakes_mine"}),
    ("enseignant@hauts-sommets.demo", COMMON | {"intake_new", "intakes_mine"}),
    ("liaison@police-saint-jerome.demo", COMMON | API | {"police_inbox"}),
    ("prp@css-mille-lacs.demo", COMMON | {"case_break_glass", "privacy_incidents", "retention"}),
    (
        "admin@css-mille-lacs.demo",
        COMMON
        | {"organisation", "stats", "training_coverage", "award_import", "appointments"}
        | {"dashboard"},
    ),
    ("analyste@css-mille-lacs.demo", COMMON | {"stats"}),
    # The service centre's Sexto lead (issue 18): the dashboard, which is their home page.
    ("sexto@css-mille-lacs.demo", COMMON | {"dashboard"}),
    (
        "formation@cadre21.demo",
        COMMON
        | API
        | {"grid", "training_reviews", "training_cohort", "training_coverage", "award_import"},
    ),
    ("asantos@isb.demo", COMMON | {"intake_new", "intakes_mine"}),
]


@pytest.mark.parametrize(("email", "expected_menu"), ROLES)
def test_role_signs_in_with_totp_and_sees_its_menu(
    page: Page, demo_live: Any, screenshot_dir: Path, email: str, expected_menu: set[str]
) -> None:
    sign_in(page, demo_live.url, email)
    if "worklist" in expected_menu:
        expect(page.locator("h1")).to_contain_text("Dossiers à traiter")
    elif "police_inbox" in expected_menu:
        expect(page.locator("h1")).to_contain_text("Renvois")
    elif email.startswith("sexto@"):
        expect(page.locator("h1")).to_contain_text("Tableau de bord")
    else:
        expect(page.locator("h1")).to_contain_text("Bonjour")
    assert menu_keys(page) == expected_menu
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
