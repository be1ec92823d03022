"""A case transfer accepted by the receiving school, at 390×844 in French and in English (issue
18): Hauts-Sommets' coordinator proposes the case to Riverview High School (another board) with a
reason; Riverview's coordinator signs in, sees the alert, reads only what is needed to decide,
accepts; the case page then shows the new school and the chronology says who accepted."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from sexto.directory.models import School, User
from sexto.interventions.demo_day import RIVERVIEW_COORDINATOR, demo_riverview_coordinator_ensure
from tests.browser.pages import demo_case_open, sign_in

pytestmark = pytest.mark.browser

SUMMARY = "Vidéo intime d'un élève publiée par un compte anonyme."
TEXTS = {
    "fr": {
        "alert": "Un transfert de dossier vers votre école attend votre décision",
        "pending": "En attente de l’école d’accueil",
        "accepted": "Transfert accepté par l’école d’accueil",
    },
    "en": {
        "alert": "A case transfer to your school awaits your decision",
        "pending": "Awaiting the receiving school",
        "accepted": "Transfer accepted by the receiving school",
    },
}


def _case() -> Any:
    return demo_case_open(
        told_by="Un élève de 3e secondaire",
        account="Une vidéo intime circule sur Instagram.",
        summary=SUMMARY,
    )


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_transfer_accepted_by_the_receiving_school(
    browser: Browser,
    browser_context_args: dict[str, Any],
    demo_live: Any,
    screenshot_dir: Path,
    language: str,
) -> None:
    base = demo_live.url
    demo_riverview_coordinator_ensure()
    User.objects.filter(
        email__in=["coordination@hauts-sommets.demo", RIVERVIEW_COORDINATOR.email]
    ).update(preferred_language=language)
    context_args = {**browser_context_args, "locale": "fr-CA" if language == "fr" else "en-CA"}
    case = _case()
    texts = TEXTS[language]

    # The sending coordinator proposes the case to Riverview High School, with a reason.
    sender = browser.new_context(**context_args).new_page()
    sign_in(sender, base, "coordination@hauts-sommets.demo")
    sender.goto(f"{base}/cases/{case.pk}/#team")
    sender.locator("#transfer-elsewhere summary").click()
    riverview = School.objects.get(ministry_code="881001")
    sender.select_option("#transfer-elsewhere-school", str(riverview.pk))
    sender.fill("#transfer-elsewhere-reason", "La famille a déménagé à Montréal.")
    sender.screenshot(path=str(screenshot_dir / f"transfer-propose-{language}.png"))
    sender.click("[data-testid=transfer-propose]")
    sender.wait_for_url("**/transfers/*/")
    expect(sender.locator("[data-testid=transfer-status]")).to_have_text(texts["pending"])
    sender.context.close()

    # The receiving coordinator: the menu counts the alert, which opens the proposal.
    receiver = browser.new_context(**context_args).new_page()
    sign_in(receiver, base, RIVERVIEW_COORDINATOR.email)
    expect(receiver.locator("[data-testid=menu-count]")).to_be_visible()
    receiver.goto(f"{base}/alerts/")
    alert = receiver.locator("[data-testid=alert]").filter(has_text=texts["alert"])
    expect(alert).to_contain_text(case.number)
    alert.locator("a").click()
    receiver.wait_for_url("**/transfers/*/")
    expect(receiver.locator("[data-testid=transfer-reason]")).to_contain_text("déménagé")
    expect(receiver.locator("main")).not_to_contain_text(SUMMARY)
    assert receiver.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    receiver.screenshot(
        path=str(screenshot_dir / f"transfer-decide-{language}.png"), full_page=True
    )
    receiver.click("[data-testid=transfer-accept]")
    receiver.wait_for_url(f"**/cases/{case.pk}/**")
    expect(receiver.locator("main")).to_contain_text("Riverview High School")
    chronology = receiver.locator("#chronology")
    expect(chronology).to_contain_text(texts["accepted"])
    expect(chronology).to_contain_text("Jennifer MacDonald")
    chronology.scroll_into_view_if_needed()
    receiver.screenshot(path=str(screenshot_dir / f"transfer-accepted-{language}.png"))
