"""Issue 14, item 4: the principal confirms a coordinator the administrator proposed; until then
the appointee has no work list (Debian chromium)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.pages import menu_keys, sign_in
from tests.browser.test_accessibility import _context, _violations

pytestmark = pytest.mark.browser

APPOINTEE = "releve@hauts-sommets.demo"  # the demo's pending appointment


def test_the_principal_confirms_a_proposed_coordinator(
    browser: Browser, demo_live: Any, screenshot_dir: Path
) -> None:
    appointee = _context(browser, "fr").new_page()
    sign_in(appointee, demo_live.url, APPOINTEE)
    assert "worklist" not in menu_keys(appointee)  # proposed, not yet confirmed: nothing opens

    context = _context(browser, "fr")
    page = context.new_page()
    sign_in(page, demo_live.url, "direction@hauts-sommets.demo")
    page.click("details.menu summary")
    page.click("[data-nav=appointments] a, a[data-nav=appointments]")
    row = page.get_by_test_id("membership-pending").filter(has_text=APPOINTEE)
    expect(row).to_be_visible()
    assert _violations(page) == []
    page.screenshot(path=str(screenshot_dir / "appointments-fr.png"), full_page=True)

    row.get_by_test_id("membership-confirm").click()
    expect(page.get_by_test_id("memberships-pending-empty")).to_be_visible()
    expect(page.get_by_test_id("school-roles")).to_contain_text("Nicolas Ouellet")
    assert _violations(page) == []
    context.close()

    appointee.goto(demo_live.url + "/")
    assert "worklist" in menu_keys(appointee)
