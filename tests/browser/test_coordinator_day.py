"""The coordinator's day at 390×844, in French and in English (issue 18): the two-factor page in
the product's style, a reminder arriving for an overdue step (menu count → alert → the step), and
the principal's dashboard."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from sexto.directory.demo import DEMO_PASSWORD
from sexto.directory.models import User
from sexto.interventions.models import CaseStep
from sexto.interventions.services.reminders import step_reminders_send
from tests.browser.pages import demo_case_open, sign_in

pytestmark = pytest.mark.browser

TEXTS = {
    "fr": {"overdue": "Un dossier a des étapes en retard", "dashboard": "Tableau de bord"},
    "en": {"overdue": "A case has overdue steps", "dashboard": "Dashboard"},
}


def _overdue_case() -> Any:
    from django.utils import timezone

    case = demo_case_open(
        told_by="Une élève de 2e secondaire",
        account="Une photo intime circule dans un groupe de la classe.",
        summary="Photo retransmise.",
    )
    CaseStep.objects.filter(case=case, key="secure_devices").update(
        due_at=timezone.now() - datetime.timedelta(hours=1)
    )
    step_reminders_send()
    return case


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_reminder_arrives_and_the_dashboard_counts_it(
    browser: Browser,
    browser_context_args: dict[str, Any],
    demo_live: Any,
    screenshot_dir: Path,
    language: str,
) -> None:
    base = demo_live.url
    if language == "en":
        User.objects.filter(email__endswith="@hauts-sommets.demo").update(preferred_language="en")
    context_args = {**browser_context_args, "locale": "fr-CA" if language == "fr" else "en-CA"}
    case = _overdue_case()
    texts = TEXTS[language]

    # The two-factor page, in the product's layout, a numeric keypad for the code.
    coordinator = browser.new_context(**context_args).new_page()
    coordinator.goto(f"{base}/accounts/login/")
    coordinator.fill("input[name=login]", "coordination@hauts-sommets.demo")
    coordinator.fill("input[name=password]", DEMO_PASSWORD)
    coordinator.click("main button[type=submit]")
    coordinator.wait_for_url("**/accounts/2fa/authenticate/")
    expect(coordinator.locator("input[name=code]")).to_have_attribute("inputmode", "numeric")
    expect(coordinator.locator("main button.button[type=submit]")).to_be_visible()
    coordinator.screenshot(path=str(screenshot_dir / f"day-2fa-{language}.png"), full_page=True)
    coordinator.context.close()

    # The reminder: the menu counts it, the alert names it, its link opens the step.
    coordinator = browser.new_context(**context_args).new_page()
    sign_in(coordinator, base, "coordination@hauts-sommets.demo")
    expect(coordinator.locator("[data-testid=menu-count]")).to_be_visible()
    coordinator.goto(f"{base}/alerts/")
    alert = coordinator.locator("[data-testid=alert]").filter(has_text=texts["overdue"])
    expect(alert).to_contain_text(case.number)
    alert.locator("a").click()
    coordinator.wait_for_url(f"**/cases/{case.pk}/**")
    expect(coordinator.locator("#step-secure_devices")).to_have_class(
        "step step--pending step--overdue"
    )
    expect(coordinator.locator("[data-testid=section-index]")).to_be_visible()
    coordinator.screenshot(path=str(screenshot_dir / f"day-reminder-{language}.png"))

    # The principal's dashboard counts the overdue step, fits the phone.
    principal = browser.new_context(**context_args).new_page()
    sign_in(principal, base, "direction@hauts-sommets.demo")
    principal.goto(f"{base}/dashboard/")
    expect(principal.locator("h1")).to_have_text(texts["dashboard"])
    expect(principal.locator("[data-figure=overdue_steps] dd")).not_to_have_text("0")
    assert principal.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    principal.screenshot(path=str(screenshot_dir / f"day-dashboard-{language}.png"), full_page=True)
