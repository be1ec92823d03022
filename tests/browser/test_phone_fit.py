"""Pages a new user found wider than a 390 px phone (issue 18): each must fit, no sideways
scrolling."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page

from sexto.training.demo import demo_program_seed
from tests.browser.pages import sign_in

pytestmark = pytest.mark.browser


def _overflow(page: Page) -> int:
    return int(page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))


def test_the_cohort_report_fits_a_phone(page: Page, demo_live: Any) -> None:
    demo_program_seed()
    sign_in(page, demo_live.url, "formation@cadre21.demo")
    page.goto(f"{demo_live.url}/training/cohort/")
    page.wait_for_selector("select#level")
    assert page.viewport_size and page.viewport_size["width"] == 390
    assert _overflow(page) <= 0
