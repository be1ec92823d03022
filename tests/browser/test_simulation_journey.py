"""One Architecte simulation end to end on a phone (390×844, Debian chromium): the sextortion
case — read the scripted interview, fill the grid on the kit's real case page (live preview
included), mark the steps, decide nothing against the grid, come back, finish → the score and
the explanations. A second attempt with a mistake shows what differed and why."""

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from sexto.audit.models import AuditEvent
from sexto.interventions.models import Case
from sexto.training.simulations.scenarios import SEXTORTION
from tests.browser.pages import sign_in

pytestmark = pytest.mark.browser

LEARNER = "enseignant@hauts-sommets.demo"


def _shot(page: Page, folder: Path, name: str) -> None:
    page.screenshot(path=str(folder / f"simulation-{name}.png"), full_page=True)


def _click(page: Page, selector: str) -> None:
    # Fields of the grid's later sections sit in hidden stepper panels: click them by script.
    page.locator(selector).evaluate("el => el.click()")


def _fill_grid(page: Page, *, youngest_age: str) -> None:
    page.click("[data-testid=fill-grid]")
    page.fill("input[name='people-0-age']", youngest_age)
    for role in ("depicted", "producer", "sender"):
        page.check(f"input[name='people-0-roles'][value='{role}']")
    page.click("button[name=add_person]")
    expect(page.locator("input[name='people-1-id']")).to_have_value("B")
    for role in ("recipient", "requester"):
        page.check(f"input[name='people-1-roles'][value='{role}']")
    for name, value in [
        ("medium", "photo"),
        ("depiction", "genitals_or_anal_region"),
        ("sexual_purpose", "yes"),
        ("production_by", "self"),
        ("production_consent", "yes"),
        ("stage", "to_intended_recipient"),
    ]:
        _click(page, f"input[name='{name}'][value='{value}']")
    _click(page, "input[name='threats_or_extortion']")
    # The live result beside the form comes from the simulation case's own preview.
    expect(page.locator("#grid-result [data-testid=grid-result]")).to_have_attribute(
        "data-route", "police_immediately"
    )


def _mark_steps(page: Page, done: set[str]) -> None:
    keys = page.eval_on_selector_all(
        "[data-step-key][data-state=pending]", "els => els.map(e => e.dataset.stepKey)"
    )
    for key in keys:
        step = page.locator(f"#step-{key}")
        if key not in done:
            step.locator("input[name=note]").fill("Ne s'applique pas à cette situation.")
        with page.expect_navigation():
            step.locator(f"button[value={'done' if key in done else 'not_applicable'}]").click()
        expect(page.locator(f"#step-{key}")).not_to_have_attribute("data-state", "pending")


def _explorateur_approved(email: str) -> None:
    """The program, and the learner's Explorateur approved: the Architecte's simulations open
    only then (its eligibility). Written directly: no award is wanted here."""
    from django.utils import timezone

    from sexto.directory.models import User
    from sexto.training.demo import demo_program_seed
    from sexto.training.models import Enrolment, Level, Submission

    level = Level.objects.get(program=demo_program_seed(), slug="explorateur")
    now = timezone.now()
    enrolment = Enrolment.objects.create(
        user=User.objects.get(email=email), level=level, enrolled_at=now
    )
    Submission.objects.create(
        enrolment=enrolment, status=Submission.Status.APPROVED, submitted_at=now, decided_at=now
    )


def test_an_architecte_simulation_end_to_end_on_a_phone(
    browser: Browser, browser_context_args: dict[str, Any], demo_live: Any, screenshot_dir: Path
) -> None:
    base = demo_live.url
    _explorateur_approved(LEARNER)
    page = browser.new_context(**browser_context_args).new_page()
    sign_in(page, base, LEARNER)
    audit_before = AuditEvent.objects.count()

    # 1. The level's simulations; start the sextortion case.
    page.goto(f"{base}/training/sexto/architecte/simulations/")
    card = page.locator(f"[data-testid=simulation-{SEXTORTION.key}]")
    expect(card).to_contain_text(SEXTORTION.title.fr)
    card.locator("[data-testid=start-simulation]").click()
    expect(page.locator("[data-testid=simulation-banner]")).to_be_visible()
    panel_url = page.url
    _shot(page, screenshot_dir, "1-panel")

    # 2. The scripted interview reveals the facts.
    threat = page.locator("[data-testid=interview-item][data-key=a-threat]")
    threat.locator("summary").click()
    expect(threat).to_contain_text("200 dollars")
    page.locator("[data-testid=interview-item][data-key=a-who] summary").click()
    _shot(page, screenshot_dir, "2-interview")

    # 3. The kit's real case page, in simulation mode.
    page.click("[data-testid=open-simulation-case]")
    expect(page.locator("[data-testid=simulation-banner]")).to_be_visible()
    expect(page.locator("[data-testid=people]")).to_contain_text("jess.mtl_16")
    case_url = page.url
    _fill_grid(page, youngest_age="14")
    _shot(page, screenshot_dir, "3-grid")
    page.click("[data-testid=grid-submit]")
    page.wait_for_url(f"{case_url}#grid")
    expect(page.locator("[data-testid=case-route]")).to_be_visible()

    # 4. The steps: done where they apply, not applicable (with why) elsewhere.
    _mark_steps(page, set(SEXTORTION.expected_steps))
    _shot(page, screenshot_dir, "4-steps")

    # 5. Back to the simulation through the banner's link; finish → 100 %.
    page.click("[data-testid=simulation-return]")
    page.wait_for_url(panel_url)
    page.click("[data-testid=finish-simulation]")
    score = page.locator("[data-testid=simulation-score]")
    expect(score).to_have_attribute("data-score", "100.0")
    expect(page.locator("[data-testid=simulation-passed]")).to_be_visible()
    expect(page.locator("[data-testid=explanations]")).to_be_visible()
    _shot(page, screenshot_dir, "5-score")

    # 6. A second attempt, with the unknown account taken for an adult of 30 and the takedowns
    # step marked too: the score drops and each difference is explained with the grid's reasons;
    # the takedown request is good practice in a sextortion (counted, never a difference).
    page.click("[data-testid=start-simulation]")
    page.click("[data-testid=open-simulation-case]")
    _fill_grid(page, youngest_age="14")
    page.fill("input[name='people-1-age']", "30")
    with page.expect_navigation():
        page.click("[data-testid=grid-submit]")
    _mark_steps(page, set(SEXTORTION.expected_steps) | {"limit_dissemination"})
    page.click("[data-testid=simulation-return]")
    page.click("[data-testid=finish-simulation]")
    score = page.locator("[data-testid=simulation-score]")
    # Route (30) + nature (20) + actions 6 of 8 (37.5) = 87.5
    expect(score).to_have_attribute("data-score", "87.5")
    explanations = page.locator("[data-testid=explanations]")
    expect(explanations.locator("[data-path='people[B].age']")).to_contain_text("30")
    expect(explanations.locator("[data-action=report_to_youth_protection]")).to_be_visible()
    expect(explanations.locator("[data-action=consult_youth_protection]")).to_be_visible()
    expect(explanations.locator("[data-action=limit_dissemination]")).to_have_count(0)
    expect(explanations.locator("[data-good-practice=limit_dissemination]")).to_be_visible()
    expect(explanations.locator("[data-testid=reason-differences] [data-rule=L4]")).to_contain_text(
        "172.1"
    )
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    _shot(page, screenshot_dir, "6-explanations")

    # Nothing of it exists for anyone else: no real case, no audit event.
    assert Case.objects.count() == 0
    assert AuditEvent.objects.count() == audit_before
