"""Access beyond the team on a phone (390×844, Debian chromium): a coordinator grants a teacher
read access with a reason, the teacher reads the case from "Shared with me"; the privacy officer
is refused break-glass without a reason (input kept), then opens the case with one; the team
sees who looked and how; the privacy officer ends the break-glass early."""

import datetime
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from tests.browser.pages import sign_in

pytestmark = pytest.mark.browser


def _page(browser: Browser, args: dict[str, Any], base: str, email: str) -> Page:
    page = browser.new_context(**args).new_page()
    sign_in(page, base, email)
    return page


def test_grant_and_break_glass_journey(
    browser: Browser, browser_context_args: dict[str, Any], demo_live: Any, screenshot_dir: Path
) -> None:
    from sexto.directory.models import School, User
    from sexto.interventions.services import case_open, intake_create

    base = demo_live.url
    school = School.objects.get(ministry_code="751001")
    coordinator_user = User.objects.get(email="coordination@hauts-sommets.demo")
    intake = intake_create(
        reporter=User.objects.get(email="enseignant@hauts-sommets.demo"),
        school=school,
        told_at=timezone.now() - datetime.timedelta(minutes=30),
        told_by="Élève de 3e secondaire",
        account="Une photo intime circule dans un groupe de classe.",
    )
    case = case_open(
        actor=coordinator_user, school=school, intake=intake, summary="Photo intime retransmise."
    )

    # 1. The coordinator gives the teacher access until a date, with a reason.
    coordinator = _page(browser, browser_context_args, base, "coordination@hauts-sommets.demo")
    coordinator.goto(f"{base}/cases/{case.pk}/")
    coordinator.click("[data-testid=case-access-link]")
    coordinator.fill("[name=email]", "enseignant@hauts-sommets.demo")
    coordinator.fill("[name=reason]", "Remplace la répondante pendant son congé.")
    coordinator.click("[data-testid=grant-access]")
    expect(coordinator.locator("[data-testid=grants]")).to_contain_text("Luc Côté")
    coordinator.screenshot(path=str(screenshot_dir / "access-grant.png"), full_page=True)

    # 2. The teacher finds it under "Shared with me" and reads it, read only.
    teacher = _page(browser, browser_context_args, base, "enseignant@hauts-sommets.demo")
    teacher.goto(f"{base}/cases/shared-with-me/")
    teacher.click("[data-testid=shared-case]")
    expect(teacher.locator("[data-testid=grant-banner]")).to_be_visible()
    expect(teacher.locator("[data-testid=fill-grid]")).to_have_count(0)

    # 3. The privacy officer: no reason, refused with the number kept; then with a reason.
    officer = _page(browser, browser_context_args, base, "prp@css-mille-lacs.demo")
    officer.goto(f"{base}/cases/break-glass/")
    officer.fill("#break-glass [name=number]", case.number or "")
    officer.click("[data-testid=break-glass]")
    expect(officer.locator(".error-summary")).to_be_visible()
    expect(officer.locator("#break-glass [name=number]")).to_have_value(case.number or "")
    officer.fill("#break-glass [name=reason]", "Plainte d'un parent sur la gestion du dossier.")
    officer.click("[data-testid=break-glass]")
    expect(officer.locator("[data-testid=break-glass-banner]")).to_be_visible()
    officer.screenshot(path=str(screenshot_dir / "access-break-glass.png"), full_page=True)

    # 4. The team sees who looked, and how.
    coordinator.goto(f"{base}/cases/{case.pk}/")
    who = coordinator.locator("[data-testid=who-looked]")
    expect(who).to_contain_text("Nathalie Morin")
    expect(who).to_contain_text("Luc Côté")
    expect(coordinator.locator("[data-testid=grants-live]")).to_contain_text("Nathalie Morin")

    # 5. The privacy officer ends the break-glass early: access ends at once.
    officer.goto(f"{base}/cases/{case.pk}/")
    officer.click("[data-testid=break-glass-end]")
    expect(officer).to_have_url(f"{base}/cases/break-glass/")
    assert officer.goto(f"{base}/cases/{case.pk}/").status == 404
