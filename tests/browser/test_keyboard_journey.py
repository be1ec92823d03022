"""Keyboard only, on a phone-sized page: sign in, report a situation, fill the grid, see the result.

Every field is reached with Tab (in page order), answered by typing, Space or the arrow keys, and
every focused element shows the focus ring; nothing is clicked.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from playwright.sync_api import Page, expect

from sexto.directory.demo import DEMO_PASSWORD
from tests.helpers import totp_now

pytestmark = pytest.mark.browser


def tab_to(page: Page, selector: str, *, limit: int = 120) -> None:
    """Press Tab until the focused element matches `selector`; its focus ring must show."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
            assert outline != "none", f"{selector} has focus but no visible focus ring"
            return
    raise AssertionError(f"{selector} cannot be reached with Tab")


def type_into(page: Page, selector: str, text: str) -> None:
    tab_to(page, selector)
    page.keyboard.type(text)


def choose(page: Page, name: str, value: str) -> None:
    """A radio group: Tab into it, then arrow keys until the wanted answer is selected."""
    tab_to(page, f"input[name='{name}']")
    target = f"input[name='{name}'][value='{value}']"
    for _ in range(12):
        if page.evaluate("s => document.querySelector(s).checked", target):
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"{target} cannot be chosen with the arrow keys")


def tick(page: Page, name: str, value: str) -> None:
    tab_to(page, f"input[name='{name}'][value='{value}']")
    page.keyboard.press("Space")


def press_button(page: Page, selector: str) -> None:
    tab_to(page, selector)
    page.keyboard.press("Enter")


def test_intake_and_grid_with_the_keyboard_alone(page: Page, demo_live: Any) -> None:
    base = demo_live.url
    page.goto(f"{base}/accounts/login/")
    type_into(page, "input[name=login]", "coordination@hauts-sommets.demo")
    type_into(page, "input[name=password]", DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/accounts/2fa/authenticate/")
    cache.clear()
    type_into(page, "input[name=code]", totp_now())
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/accounts/" not in url)

    page.goto(f"{base}/intakes/new/")
    type_into(page, "[name=told_by]", "Léa, 3e secondaire")
    type_into(page, "[name=account]", "Une photo intime d'une élève de 14 ans circule.")
    type_into(page, "[name=students]", "Zoé L., Noah G.")
    type_into(page, "[name=circulation]", "Messages privés")
    press_button(page, "[data-testid=intake-submit]")
    expect(page.locator("[data-testid=intake-status]").first).to_be_visible()

    page.goto(f"{base}/grid/")
    type_into(page, "input[name='people-0-age']", "15")
    for role in ("depicted", "producer", "sender"):
        tick(page, "people-0-roles", role)
    press_button(page, "button[name=add_person]")
    expect(page.locator("[data-testid=person]")).to_have_count(2)
    type_into(page, "input[name='people-1-age']", "15")
    for role in ("recipient", "distributor"):
        tick(page, "people-1-roles", role)
    press_button(page, "[data-step-next]")
    choose(page, "medium", "photo")
    choose(page, "depiction", "breasts_or_buttocks")
    choose(page, "sexual_purpose", "yes")
    press_button(page, "[data-step-next]")
    choose(page, "production_by", "self")
    choose(page, "production_consent", "yes")
    press_button(page, "[data-step-next]")
    choose(page, "stage", "redistributed")
    choose(page, "redistribution_consent", "no")
    choose(page, "audience", "few")
    press_button(page, "[data-step-next]")
    press_button(page, "[data-testid=grid-submit]")
    expect(page.locator("[data-testid=grid-result]")).to_have_attribute(
        "data-route", "sexto_procedure"
    )
