"""The Explorateur level end to end on a phone (390×844, Debian chromium): an eligible learner
reads the modules, answers the three questions (autosaved as they type), submits; a trainer asks
for changes; the learner resubmits; the trainer approves → the award exists. A learner of a
school without an agreement sees why they cannot submit."""

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from sexto.credentials.models import Award
from sexto.directory.models import User
from sexto.training.demo import demo_program_seed
from sexto.training.models import Submission
from tests.browser.pages import sign_in

pytestmark = pytest.mark.browser

ANSWER = (
    "Je ne regarde jamais les images : je fais décrire le contenu par les personnes concernées, "
    "je remplis la grille d'évaluation et je saisis les appareils sans les consulter. Quand la "
    "situation semble malveillante, j'appelle la police sans attendre. "
)


def _new_page(browser: Browser, **context_args: Any) -> Page:
    return browser.new_context(**context_args).new_page()


def _shot(page: Page, folder: Path, name: str) -> None:
    page.screenshot(path=str(folder / f"training-{name}.png"), full_page=True)


def _review(page: Page, base: str, decision: str, comment: str = "") -> None:
    page.goto(f"{base}/training/reviews/")
    page.click("[data-testid=review-queue] a")
    expect(page.locator("[data-testid=submission-answers]")).to_contain_text("Je ne regarde")
    page.check(f"input[name=decision][value={decision}]")
    if comment:
        page.fill("textarea[name=comment]", comment)
    page.click("[data-testid=review-submit]")
    page.wait_for_url("**/training/reviews/")


def test_explorateur_from_reading_to_award(
    browser: Browser, browser_context_args: dict[str, Any], demo_live: Any, screenshot_dir: Path
) -> None:
    base = demo_live.url
    demo_program_seed()
    level_url = f"{base}/training/sexto/explorateur/"

    # 1. An eligible learner is told, before starting, that they may submit; reads every module.
    learner = _new_page(browser, **browser_context_args)
    sign_in(learner, base, "enseignant@hauts-sommets.demo")
    learner.goto(level_url)
    expect(learner.locator("[data-testid=eligibility]")).to_have_class("message message--success")
    learner.click("[data-testid=resume]")
    modules = learner.locator("[data-testid=module-title]")
    for _ in range(8):
        expect(modules).to_be_visible()
        learner.click("[data-testid=module-read]")
    learner.wait_for_url(level_url)
    expect(learner.locator("[data-testid=progress] progress")).to_have_attribute("value", "8")
    _shot(learner, screenshot_dir, "1-modules-read")

    # 2. The three answers, autosaved as they are typed (htmx), then submitted.
    learner.click("[data-testid=proof]")
    learner.fill("textarea[name=answer_1]", ANSWER + "1")
    expect(learner.locator("[data-testid=autosaved]")).to_be_visible()
    learner.fill("textarea[name=answer_2]", "Court.")
    learner.fill("textarea[name=answer_3]", "Trop court.")
    # The live count says how far each answer is from the minimum (issue 18).
    expect(learner.locator("[data-testid=count-answer_3]")).to_contain_text("11")
    learner.click("[data-testid=proof-submit]")
    # Every short answer is reported at once, each beside its box.
    expect(learner.locator(".error-summary li")).to_have_count(3)
    expect(learner.locator(".error-summary")).to_contain_text("200")
    expect(learner.locator("textarea[name=answer_1]")).to_have_value(ANSWER + "1")
    learner.fill("textarea[name=answer_2]", ANSWER + "2")
    learner.fill("textarea[name=answer_3]", ANSWER + "3")
    learner.click("[data-testid=proof-submit]")
    learner.wait_for_url(level_url)
    expect(learner.locator("[data-testid=proof-state]")).to_be_visible()
    _shot(learner, screenshot_dir, "2-submitted")

    # 3. The trainer asks for changes.
    trainer = _new_page(browser, **browser_context_args)
    sign_in(trainer, base, "formation@cadre21.demo")
    _review(trainer, base, "changes_requested", "Précisez comment vous accueillez la victime.")
    _shot(trainer, screenshot_dir, "3-changes-requested")

    # 4. The learner reads the comment and resubmits.
    learner.goto(level_url)
    expect(learner.locator("[data-testid=review-comment]")).to_contain_text("accueillez la victime")
    learner.click("[data-testid=proof]")
    learner.fill("textarea[name=answer_3]", ANSWER + "J'accueille la victime sans jugement.")
    learner.click("[data-testid=proof-submit]")
    learner.wait_for_url(level_url)

    # 5. The trainer approves: the award exists, with the answers as approved.
    _review(trainer, base, "approved")
    learner.goto(level_url)
    expect(learner.locator("[data-testid=proof-state]")).to_have_class("message message--success")
    _shot(learner, screenshot_dir, "4-approved")
    user = User.objects.get(email="enseignant@hauts-sommets.demo")
    award = Award.objects.get(recipient=user)
    assert award.badge_slug == "sexto-explorateur"
    assert "sans jugement" in award.evidence["answers"][2]["answer"]
    assert Submission.objects.filter(enrolment__user=user).count() == 2

    # 6. A coordinator of a school without an agreement reads, but is told why they cannot submit.
    other = _new_page(browser, **browser_context_args)
    sign_in(other, base, "coordination@val-des-pins.demo")
    other.goto(level_url)
    expect(other.locator("[data-testid=eligibility]")).to_have_class("message message--warning")
    expect(other.locator("[data-testid=eligibility]")).to_contain_text("DPCP")
    other.click("[data-testid=proof]")
    expect(other.locator("[data-testid=proof-submit]")).to_have_count(0)
    _shot(other, screenshot_dir, "5-not-eligible")
