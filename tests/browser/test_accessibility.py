"""axe-core on every main page, in French and in English: no serious or critical violation.

The pages are those each role's menu offers, plus a case page and the public pages, so a new
page is checked as soon as it is in a menu. axe comes from the committed npm lock.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.pages import sign_in
from tests.conftest import REPO_ROOT

pytestmark = pytest.mark.browser

AXE = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
ROLES = [
    "coordination@hauts-sommets.demo",
    "enseignant@hauts-sommets.demo",
    "liaison@police-saint-jerome.demo",
    "prp@css-mille-lacs.demo",
    "admin@css-mille-lacs.demo",
    "analyste@css-mille-lacs.demo",
    "formation@cadre21.demo",
    "asantos@isb.demo",
]
PUBLIC = ["/accounts/login/", "/accounts/password/reset/", "/no-such-page/"]


def _violations(page: Page) -> list[str]:
    """Serious and critical axe violations of the page as it is now, one line each."""
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `npm ci` (make test does).")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "() => axe.run(document, {resultTypes: ['violations']}).then(r => r.violations"
        ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
        ".map(v => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3)"
        ".map(n => n.target.join(' ')).join(' | ')))"
    )
    return list(result)


def _check(page: Page, url: str, language: str, problems: list[str]) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    problems.extend(f"{language} {url}: {line}" for line in _violations(page))


def _menu_urls(page: Page) -> list[str]:
    return page.eval_on_selector_all("[data-nav] a, a[data-nav]", "els => els.map(e => e.href)")


@pytest.fixture
def kit_live(demo_live: Any) -> Any:
    from sexto.interventions.demo import demo_cases_seed

    demo_cases_seed(lambda line: None)
    return demo_live


def _context(browser: Browser, language: str) -> Any:
    # CSP forbids injected scripts: axe is a test tool, so this context alone bypasses it.
    return browser.new_context(
        viewport={"width": 390, "height": 844},
        locale="fr-CA" if language == "fr" else "en-CA",
        bypass_csp=True,
    )


@pytest.mark.parametrize("email", ROLES)
def test_every_page_of_a_role_has_no_serious_violation(
    browser: Browser, kit_live: Any, email: str
) -> None:
    problems: list[str] = []
    for language in ("fr", "en"):
        context = _context(browser, language)
        page = context.new_page()
        sign_in(page, kit_live.url, email)
        urls = [page.url, *_menu_urls(page)]
        case_links = page.eval_on_selector_all("a[href*='/cases/']", "els => els.map(e => e.href)")
        urls += case_links[:1]
        assert len(urls) >= 3, f"{email} reached only {urls}"
        for url in dict.fromkeys(urls):
            _check(page, url, language, problems)
        context.close()
    assert not problems, "\n".join(problems)


def test_public_pages_have_no_serious_violation(browser: Browser, kit_live: Any) -> None:
    problems: list[str] = []
    for language in ("fr", "en"):
        context = _context(browser, language)
        page = context.new_page()
        for path in PUBLIC:
            _check(page, f"{kit_live.url}{path}", language, problems)
        context.close()
    assert not problems, "\n".join(problems)


def test_the_check_bites_on_a_known_violation(browser: Browser, kit_live: Any) -> None:
    context = _context(browser, "fr")
    page = context.new_page()
    page.goto(f"{kit_live.url}/accounts/login/")
    page.evaluate("() => document.querySelector('main').append(document.createElement('img'))")
    assert any(line.startswith("image-alt (critical)") for line in _violations(page))
    context.close()


def test_axe_comes_from_the_committed_lock() -> None:
    import json

    lock = json.loads((REPO_ROOT / "package-lock.json").read_text())
    assert "node_modules/axe-core" in lock["packages"]
    assert Path(AXE).name == "axe.min.js"
