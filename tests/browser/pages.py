"""What a person does in the browser, step by step."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.cache import cache
from playwright.sync_api import Page

from sexto.directory.demo import DEMO_PASSWORD
from tests.helpers import totp_now


def sign_in(page: Page, base_url: str, email: str) -> None:
    """Password, then the TOTP code, as a person would type them."""
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/accounts/2fa/authenticate/")
    cache.clear()
    page.fill("input[name=code]", totp_now())
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/" not in url)
    page.wait_for_load_state()


def menu_keys(page: Page) -> set[str]:
    page.click("details.menu summary")
    keys = set(page.eval_on_selector_all("[data-nav]", "els => els.map(e => e.dataset.nav)"))
    page.click("details.menu summary")
    return keys


def demo_case_open(*, told_by: str, account: str, summary: str) -> Any:
    """A case at the demo's École secondaire des Hauts-Sommets: a teacher's intake three hours
    ago, opened by its coordinator."""
    from django.utils import timezone

    from sexto.directory.models import School, User
    from sexto.interventions.services import case_open, intake_create

    school = School.objects.get(ministry_code="751001")
    intake = intake_create(
        reporter=User.objects.get(email="enseignant@hauts-sommets.demo"),
        school=school,
        told_at=timezone.now() - datetime.timedelta(hours=3),
        told_by=told_by,
        account=account,
    )
    coordinator = User.objects.get(email="coordination@hauts-sommets.demo")
    return case_open(actor=coordinator, school=school, intake=intake, summary=summary)
