"""The grid form on a phone (390×844), in French and in English: an impulsive redistributed case."""

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.pages import sign_in

pytestmark = pytest.mark.browser


def _tick(page: Page, name: str, value: str) -> None:
    page.check(f"input[name='{name}'][value='{value}']")


def _next(page: Page) -> None:
    page.click("[data-step-next]")


@pytest.mark.parametrize(("language", "switch"), [("fr", None), ("en", "lang-en")])
def test_impulsive_redistributed_case_goes_to_the_sexto_procedure(
    page: Page, demo_live: Any, screenshot_dir: Path, language: str, switch: str | None
) -> None:
    sign_in(page, demo_live.url, "coordination@hauts-sommets.demo")
    page.goto(f"{demo_live.url}/grid/")
    if switch:
        page.click(f"[data-testid={switch}]")
    expect(page.locator("html")).to_have_attribute("lang", language)

    # People: A (15) took a selfie and sent it; B (15) received it and passed it on.
    page.fill("input[name='people-0-age']", "15")
    for role in ("depicted", "producer", "sender"):
        _tick(page, "people-0-roles", role)
    page.click("button[name=add_person]")
    expect(page.locator("[data-testid=person]")).to_have_count(2)
    page.fill("input[name='people-1-age']", "15")
    for role in ("recipient", "distributor"):
        _tick(page, "people-1-roles", role)
    _next(page)
    # Content: a photo, breasts visible, sexual in purpose.
    _tick(page, "medium", "photo")
    _tick(page, "depiction", "breasts_or_buttocks")
    _tick(page, "sexual_purpose", "yes")
    # The result follows the answers as they are given (htmx), before anything is submitted.
    expect(page.locator("[data-testid=grid-result]")).to_have_attribute(
        "data-route", "sexto_procedure"
    )
    expect(page.locator("[data-testid=grid-reasons] li[data-rule=L2]")).to_have_count(0)
    _next(page)
    _tick(page, "production_by", "self")
    _tick(page, "production_consent", "yes")
    _next(page)
    _tick(page, "stage", "redistributed")
    _tick(page, "redistribution_consent", "no")
    _tick(page, "audience", "few")
    expect(page.locator("[data-testid=grid-reasons] li[data-rule=L2]")).to_have_count(1)
    _next(page)
    page.screenshot(path=str(screenshot_dir / f"grid-filled-{language}.png"), full_page=True)
    page.click("[data-testid=grid-submit]")

    result = page.locator("[data-testid=grid-result]")
    expect(result).to_have_attribute("data-route", "sexto_procedure")
    rules = page.eval_on_selector_all(
        "[data-testid=grid-reasons] li", "els => els.map(e => e.dataset.rule)"
    )
    assert rules == ["L1", "L2", "N3", "R2", "Y3"]
    expected_words = "Sexto" if language == "fr" else "Sexto procedure"
    expect(page.locator("[data-testid=grid-route]")).to_contain_text(expected_words)
    expect(page.locator("[data-testid=grid-nature]")).to_contain_text(
        "Impulsif" if language == "fr" else "Impulsive"
    )
    page.screenshot(path=str(screenshot_dir / f"grid-result-{language}.png"), full_page=True)


def test_answers_are_kept_when_a_field_is_wrong(page: Page, demo_live: Any) -> None:
    sign_in(page, demo_live.url, "direction@hauts-sommets.demo")
    page.goto(f"{demo_live.url}/grid/")
    page.fill("input[name='people-0-age']", "3")
    _tick(page, "people-0-roles", "depicted")
    _next(page)
    _tick(page, "medium", "video")
    page.click("[data-testid=grid-submit]")
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator("input[name='people-0-age']")).to_have_value("3")
    expect(page.locator("input[name='medium'][value='video']")).to_be_checked()
