"""What a new user finds in the menu and on the home page, role by role (issue 18: an invited
professional had no "Cases", the superuser no link to the admin, everyone "API tokens", the
teacher no "Report" button on the home page, the sign-in page "Forgot your password?" twice)."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.helpers import sign_in

pytestmark = pytest.mark.django_db


def _page(user, path: str = "/", *, follow: bool = True) -> str:
    client = Client()
    sign_in(client, user.email)
    return client.get(path, follow=follow, HTTP_ACCEPT_LANGUAGE="en").content.decode()


def _menu(html: str) -> set[str]:
    return set(re.findall(r'data-nav="([a-z_]+)"', html))


def test_an_invited_professional_finds_their_cases(people, case, professional):
    client = Client()
    sign_in(client, professional.email)
    home = client.get("/")
    assert home.status_code == 302 and home["Location"] == "/cases/"
    page = client.get("/cases/").content.decode()
    assert "worklist" in _menu(page) and case.number in page


def test_cases_stay_out_of_the_menu_of_a_professional_on_no_team(people):
    assert "worklist" not in _menu(_page(people["professional"]))


def test_the_superuser_has_the_admin_in_the_menu_and_others_do_not(people):
    assert "admin" in _menu(_page(people["superuser"], "/training/"))
    assert "admin" not in _menu(_page(people["coordinator"], "/training/"))


def test_api_tokens_only_for_those_the_api_serves(people):
    for who in ("coordinator", "principal", "police", "trainer"):
        assert "api_tokens" in _menu(_page(people[who], "/training/")), who
    for who in ("staff", "analyst", "learner"):
        assert "api_tokens" not in _menu(_page(people[who], "/training/")), who


def test_the_teachers_home_page_has_the_report_button(people):
    home = _page(people["staff"])
    button = re.search(r'<a class="button" href="([^"]+)" data-testid="home-report">', home)
    assert button and button[1] == reverse("interventions:intake_new")
    assert 'data-testid="home-report"' not in _page(people["analyst"])


def test_the_sign_in_page_offers_the_password_reset_once_and_help_is_described(client):
    html = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert html.count("Forgot your password?") == 1
    for described in re.findall(r'aria-describedby="([^"]+)"', html):
        for ident in described.split():
            assert f'id="{ident}"' in html, ident
