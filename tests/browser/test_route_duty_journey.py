"""Issue 16's journey on a phone (390×844, French): a sextortion disclosure → the grid → the police
step first and due now → the police contacted → DPJ reports by two people, each from their own
account → closure refused until the second has acted → closed."""

import datetime
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from tests.browser.pages import sign_in

pytestmark = pytest.mark.browser


def _new_page(browser: Browser, **context_args: Any) -> Page:
    return browser.new_context(**context_args).new_page()


def _local(*, minutes: int) -> str:
    moment = timezone.localtime() + datetime.timedelta(minutes=minutes)
    return moment.strftime("%Y-%m-%dT%H:%M")


def _own_dpj_report(form: Any, *, reference: str) -> None:
    form.evaluate("f => { const d = f.closest('details'); if (d) { d.open = true; } }")
    # The fields' names carry a prefix on « Mes déclarations » (one form per déclaration).
    form.locator("[name$=kind]").select_option("report")
    form.locator("[name$=at]").fill(_local(minutes=-10))
    form.locator("[name$=reference]").fill(reference)
    with form.page.expect_navigation():
        form.locator("button[type=submit]").click()


def test_sextortion_police_first_then_each_person_reports_then_closure(
    browser: Browser, browser_context_args: dict[str, Any], demo_live: Any
) -> None:
    from sexto.directory.models import User
    from sexto.interventions.models import Case
    from tests.factories.interventions import case_settle

    base = demo_live.url

    # A teacher files the déclaration: a student is being blackmailed for more pictures.
    teacher = _new_page(browser, **browser_context_args)
    sign_in(teacher, base, "enseignant@hauts-sommets.demo")
    teacher.goto(f"{base}/intakes/new/")
    expect(teacher.locator("main")).to_contain_text("911")
    teacher.fill("[name=told_by]", "Maya, 2e secondaire, la victime elle-même")
    teacher.fill(
        "[name=account]",
        "Quelqu'un rencontré sur un jeu en ligne menace de publier une photo intime de Maya "
        "si elle n'en envoie pas d'autres.",
    )
    teacher.fill("[name=students]", "Maya P.")
    teacher.click("[data-testid=intake-submit]")
    expect(teacher.locator("[data-testid=intake-status]").first).to_contain_text("À traiter")

    # The coordinator opens the case: the route is not known yet, "call the police now" is offered.
    page = _new_page(browser, **browser_context_args)
    sign_in(page, base, "coordination@hauts-sommets.demo")
    page.click("[data-testid=intakes] a")
    page.click("[data-testid=open-case]")
    expect(page.locator("[data-testid=route-unknown]")).to_be_visible()
    case_url = page.url.split("#")[0]

    # The grid: sextortion with grooming → police immediately, a DPJ report required.
    page.click("[data-testid=fill-grid]")
    page.fill("input[name='people-0-age']", "13")
    for role in ("depicted", "producer", "sender"):
        page.check(f"input[name='people-0-roles'][value='{role}']")
    page.click("button[name=add_person]")
    for role in ("requester", "recipient"):
        page.check(f"input[name='people-1-roles'][value='{role}']")
    for name, value in [
        ("medium", "photo"),
        ("depiction", "breasts_or_buttocks"),
        ("sexual_purpose", "yes"),
        ("production_by", "self"),
        ("production_consent", "yes"),
        ("stage", "to_intended_recipient"),
        ("audience", "one"),
    ]:
        page.locator(f"input[name='{name}'][value='{value}']").evaluate("el => el.click()")
    for flag in ("coerced", "threats_or_extortion", "grooming"):
        page.locator(f"input[name='{flag}']").evaluate("el => { if (!el.checked) el.click(); }")
    page.click("[data-testid=grid-submit]")
    page.wait_for_url(f"{case_url}#grid")
    case = Case.objects.get(pk=case_url.rstrip("/").split("/")[-1])
    assert case.route == "police_immediately" and case.youth_protection == "required"

    # The police step comes first, due now, and the banner is the loudest thing on the page.
    expect(page.locator("[data-testid=police-now-banner]")).to_be_visible()
    first_step = page.locator("ol.steps > li").first
    expect(first_step).to_have_attribute("id", "step-contact_police")
    assert case.steps.get(key="contact_police").due_at <= timezone.now()
    with page.expect_navigation():
        first_step.locator("button[name=state][value=done]").click()
    expect(page.locator("[data-testid=police-now-banner]")).to_have_count(0)

    # The coordinator records their own report to the DPJ.
    _own_dpj_report(
        page.locator("form[action$='/youth-protection/']").last, reference="DPJ-2026-4417"
    )
    page.wait_for_load_state()
    coordinator = User.objects.get(email="coordination@hauts-sommets.demo")
    teacher_user = User.objects.get(email="enseignant@hauts-sommets.demo")
    assert case.youth_reports.filter(user=coordinator, kind="report").exists()

    # Everything else closure asks for is settled; the teacher's own report is not.
    case_settle(case=case, duty_left_to=[teacher_user])
    page.goto(f"{case_url}#closure")
    page.locator("[name=outcome]").fill("Enquête policière ouverte; soutien en place.")
    with page.expect_navigation():
        page.locator("[data-testid=close-case]").click()
    blockers = page.locator("[data-testid=closure-blockers] li")
    expect(blockers).to_have_count(1)
    expect(blockers.first).to_have_attribute("data-blocker", "youth_protection")
    expect(page.locator("[name=outcome]")).to_have_value(
        "Enquête policière ouverte; soutien en place."
    )
    assert Case.objects.get(pk=case.pk).status == "open"

    # The teacher records their own report from « Mes déclarations », without reading the case.
    teacher.goto(f"{base}/intakes/mine/")
    duty = teacher.locator(f"[id='duty-{case.intake_id}']")
    expect(duty).not_to_contain_text("menace de publier")
    _own_dpj_report(duty.locator("form"), reference="DPJ-2026-4418")
    teacher.wait_for_load_state()
    expect(
        teacher.locator(f"[id='duty-{case.intake_id}'] [data-testid=my-duty-status]")
    ).to_contain_text("Inscrit")

    # Now the case closes.
    page.goto(f"{case_url}#closure")
    expect(page.locator("[data-blocker=youth_protection]")).to_have_count(0)
    page.locator("[name=outcome]").fill("Enquête policière ouverte; soutien en place.")
    with page.expect_navigation():
        page.locator("[data-testid=close-case]").click()
    expect(page.locator("[data-testid=case-status]")).to_contain_text("Fermé")
    for each in (teacher, page):
        each.context.close()
