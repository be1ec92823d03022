"""The kit end to end on a phone (390×844, Debian chromium): intake → case → grid → devices →
referral PDF → police acknowledgement, impulsive determination, meeting held → parents, support,
educational measure, takedown → closure. A screenshot of each step; the PDF's text is checked."""

import datetime
import io
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from tests.browser.pages import sign_in

pytestmark = pytest.mark.browser


def _form(page: Page, action_suffix: str) -> Any:
    """The form posting to a URL ending with `action_suffix`, opened if it sits in <details>."""
    form = page.locator(f"form[action$='{action_suffix}']").last
    form.evaluate("f => { const d = f.closest('details'); if (d) { d.open = true; } }")
    return form


def _new_page(browser: Browser, **context_args: Any) -> Page:
    context = browser.new_context(**context_args)
    return context.new_page()


def _local(*, minutes: int) -> str:
    """A datetime-local value, in Montréal time, `minutes` from now."""
    moment = timezone.localtime() + datetime.timedelta(minutes=minutes)
    return moment.strftime("%Y-%m-%dT%H:%M")


def _shot(page: Page, folder: Path, name: str) -> None:
    page.screenshot(path=str(folder / f"journey-{name}.png"), full_page=True)


def test_the_kit_from_intake_to_closure(
    browser: Browser, browser_context_args: dict[str, Any], demo_live: Any, screenshot_dir: Path
) -> None:
    base = demo_live.url

    # 1. A teacher reports what a student told them.
    staff = _new_page(browser, **browser_context_args)
    sign_in(staff, base, "enseignant@hauts-sommets.demo")
    staff.goto(f"{base}/intakes/new/")
    staff.fill("[name=told_by]", "Léa, 3e secondaire, amie de la victime")
    staff.fill(
        "[name=account]",
        "Une photo intime de Zoé (14 ans), envoyée à Noah, a été "
        "retransmise par lui à quelques élèves.",
    )
    staff.fill("[name=students]", "Zoé L., Noah G.")
    staff.fill("[name=circulation]", "Messages privés Instagram")
    staff.click("[data-testid=intake-submit]")
    expect(staff.locator("[data-testid=intake-status]").first).to_contain_text("À traiter")
    _shot(staff, screenshot_dir, "1-intake")

    # 2. The coordinator opens the case from the intake.
    page = _new_page(browser, **browser_context_args)
    sign_in(page, base, "coordination@hauts-sommets.demo")
    page.click("[data-testid=intakes] a")
    page.click("[data-testid=open-case]")
    expect(page.locator("[data-testid=case-number]")).to_contain_text("SX-")
    case_url = page.url
    _shot(page, screenshot_dir, "2-case-opened")

    # 3. The grid: impulsive, Sexto procedure.
    page.click("[data-testid=fill-grid]")
    page.fill("input[name='people-0-age']", "14")
    for role in ("depicted", "producer", "sender"):
        page.check(f"input[name='people-0-roles'][value='{role}']")
    page.click("button[name=add_person]")
    page.fill("input[name='people-1-age']", "15")
    for role in ("recipient", "distributor"):
        page.check(f"input[name='people-1-roles'][value='{role}']")
    for name, value in [
        ("medium", "photo"),
        ("depiction", "breasts_or_buttocks"),
        ("sexual_purpose", "yes"),
        ("production_by", "self"),
        ("production_consent", "yes"),
        ("stage", "redistributed"),
        ("redistribution_consent", "unknown"),
        ("audience", "few"),
    ]:
        page.locator(f"input[name='{name}'][value='{value}']").evaluate("el => el.click()")
    page.click("[data-testid=grid-submit]")
    page.wait_for_url(f"{case_url}#grid")
    expect(page.locator("[data-testid=case-route]")).to_contain_text("Procédure Sexto")
    _shot(page, screenshot_dir, "3-grid")

    # People, so meetings and parents can name them.
    for label, name, age in [("A", "Zoé Lavoie", "14"), ("B", "Noah Gagné", "15")]:
        form = _form(page, "/people/")
        form.locator("[name=label]").fill(label)
        form.locator("[name=name]").fill(name)
        form.locator("[name=age]").fill(age)
        with page.expect_navigation():
            form.locator("button[type=submit]").click()

    # 4. Two devices sealed in numbered envelopes.
    for envelope, description in [("HS-100", "iPhone noir"), ("HS-101", "Android gris")]:
        form = _form(page, "/devices/")
        form.locator("[name=description]").fill(description)
        form.locator("[name=envelope_number]").fill(envelope)
        form.locator("[name=storage_place]").fill("Coffre de la direction")
        with page.expect_navigation():
            form.locator("[data-testid=seize-device]").click()
    expect(page.locator("[data-testid=device]")).to_have_count(2)
    _shot(page, screenshot_dir, "4-devices")

    # 5. Referral to the police force of the territory, and the PDF packet.
    with page.expect_navigation():
        _form(page, "/referral/").locator("[data-testid=refer]").click()
    expect(page.locator("[data-testid=referral-force]")).to_contain_text("Saint-Jérôme")
    packet_url = page.locator("[data-testid=referral-packet]").get_attribute("href")
    response = page.request.get(f"{base}{packet_url}")
    assert response.ok and response.headers["content-type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages)
    number = page.locator("[data-testid=case-number]").inner_text().split()[-1]
    assert number in text
    assert "HS-100" in text and "HS-101" in text
    assert "Julie Tremblay" in text  # exported by, and the contacts
    assert "L1" in text and "R2" in text
    _shot(page, screenshot_dir, "5-referral")

    # 6. The police liaison acknowledges, records an impulsive determination, a meeting held.
    police = _new_page(browser, **browser_context_args)
    sign_in(police, base, "liaison@police-saint-jerome.demo")
    expect(police.locator("main")).to_contain_text(number)
    police.goto(case_url)
    with police.expect_navigation():
        police.locator(
            "form[action*='/referral/'][action$='/acknowledge/'] [data-testid=acknowledge]"
        ).click()
    form = _form(police, "/determination/")
    form.locator("input[name=determination][value=impulsive]").check()
    with police.expect_navigation():
        form.locator("[data-testid=record-determination]").click()
    expect(police.locator("[data-testid=referral-determination]")).to_contain_text("mpulsi")
    form = _form(police, "/meetings/")
    form.locator("[name=person]").select_option(index=1)
    form.locator("[name=with_guardian]").fill("Mère de Zoé")
    form.locator("[name=scheduled_at]").fill(_local(minutes=-60))
    with police.expect_navigation():
        form.locator("[data-testid=schedule-meeting]").click()
    held = police.locator("form[action*='/meetings/'][action$='/held/']").first
    held.evaluate("f => { const d = f.closest('details'); if (d) { d.open = true; } }")
    held.locator("[name=held_at]").fill(_local(minutes=-5))
    with police.expect_navigation():
        held.locator("button[type=submit]").click()
    # The other young person's meeting did not take place: recorded with why (closure needs it).
    form = _form(police, "/meetings/")
    form.evaluate("f => { const d = f.closest('details'); if (d) { d.open = true; } }")
    form.locator("[name=person]").select_option(index=0)
    form.locator("[name=with_guardian]").fill("Père de Zoé")
    form.locator("[name=scheduled_at]").fill(_local(minutes=-30))
    with police.expect_navigation():
        form.locator("[data-testid=schedule-meeting]").click()
    not_held = police.locator("form[action$='/not-held/']").first
    not_held.evaluate("f => { const d = f.closest('details'); if (d) { d.open = true; } }")
    not_held.locator("[name=reason]").fill("La famille ne s'est pas présentée.")
    with police.expect_navigation():
        not_held.locator("[data-testid=meeting-not-held-submit]").click()
    expect(police.locator("[data-testid=meeting-not-held]")).to_have_count(1)
    _shot(police, screenshot_dir, "6-police")

    # 7. The coordinator logs parents, support, a measure and a takedown, then closes.
    page.goto(case_url)
    form = _form(page, "/parents/")
    form.locator("[name=person]").select_option(index=1)
    form.locator("[name=guardian]").fill("Mère de Zoé")
    form.locator("[name=channel]").select_option("phone")
    form.locator("[name=summary]").fill("Situation expliquée, rencontre prévue.")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    form = _form(page, "/support/")
    form.locator("input[name=resources][value=cavac]").check()
    form.locator("[name=note]").fill("Premier suivi avec la psychoéducatrice.")
    with page.expect_navigation():
        form.locator("[data-testid=support-submit]").click()
    form = _form(page, "/measures/")
    form.locator("[name=what]").fill("Atelier sur le consentement")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    done = page.locator("form[action*='/measures/'][action$='/done/']").first
    done.evaluate("f => { const d = f.closest('details'); if (d) { d.open = true; } }")
    with page.expect_navigation():
        done.locator("button[type=submit]").click()
    form = _form(page, "/takedowns/")
    form.locator("[name=where]").fill("Instagram")
    form.locator("[name=reference]").fill("IG-55120")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    expect(page.locator("[data-testid=takedowns]")).to_contain_text("Instagram")
    _shot(page, screenshot_dir, "7-around")

    for key, state in [
        ("protect_victim", "done"),
        ("stop_dissemination", "done"),
        ("youth_protection", "not_applicable"),
        # The impulsive outcome's follow-ups: the meeting was scheduled and held above.
        ("outcome_meetings_schedule", "done"),
        ("outcome_meetings_hold", "done"),
    ]:
        step = page.locator(f"#step-{key}")
        if step.get_attribute("data-state") != "pending":
            continue
        if state == "not_applicable":
            step.locator("input[name=note]").fill("La grille n'indique pas de signalement.")
        with page.expect_navigation():
            step.locator(f"button[name=state][value={state}]").click()
    # The second young person's parents are not logged yet: closing is refused, the list says
    # so (a link to the parents' section) and the outcome stays as typed.
    outcome = "Rencontres SEXTO tenues, soutien en place, contenu retiré."
    form = _form(page, "/close/")
    form.locator("[name=outcome]").fill(outcome)
    with page.expect_navigation():
        form.locator("[data-testid=close-case]").click()
    expect(page.locator("[data-testid=case-status]")).not_to_contain_text("Fermé")
    blockers = page.locator("[data-testid=closure-blockers] a")
    expect(blockers).to_have_count(2)  # B's parents, and so the parents step
    assert {blockers.nth(i).get_attribute("href").split("#")[1] for i in range(2)} == {
        "parents",
        "step-inform_parents",
    }
    expect(_form(page, "/close/").locator("[name=outcome]")).to_have_value(outcome)
    page.goto(case_url)
    form = _form(page, "/parents/")
    form.evaluate("f => { const d = f.closest('details'); if (d) { d.open = true; } }")
    form.locator("[name=person]").select_option(index=2)
    form.locator("[name=channel]").select_option("not_done")
    form.locator("[name=why_not]").fill("La DPJ a demandé d'attendre son évaluation.")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    pending = page.eval_on_selector_all("[data-state=pending]", "els => els.map(e => e.id)")
    assert pending == [], pending
    form = _form(page, "/close/")
    form.locator("[name=outcome]").fill(outcome)
    with page.expect_navigation():
        form.locator("[data-testid=close-case]").click()
    expect(page.locator("[data-testid=case-status]")).to_contain_text("Fermé")
    _shot(page, screenshot_dir, "8-closed")
    for each in (staff, police, page):
        each.context.close()
