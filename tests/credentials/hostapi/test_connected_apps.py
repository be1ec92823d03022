"""Connected apps: the member sees who may fetch what, and Revoke stops the client at once."""

from __future__ import annotations

import pytest
from django.test import Client
from oauth2_provider.models import AccessToken, RefreshToken

from sexto.audit.models import AuditEvent
from sexto.credentials.models import Award
from sexto.directory.models import User
from tests.credentials.hostapi.conftest import API, SCOPE, Backpack, access_token, api_get

pytestmark = pytest.mark.django_db

READ = f"{SCOPE}credential.readonly"


def test_the_page_lists_the_app_with_its_scopes_in_words(
    award: Award, backpack: Backpack, english: None
) -> None:
    access_token(award.recipient, backpack, READ)
    browser = Client()
    browser.force_login(award.recipient)
    page = browser.get("/my/connected-apps/").content.decode()
    assert "Sac à badges de test" in page
    assert "See your Sexto badges (signed credentials)" in page
    assert "/my/connected-apps/" in browser.get("/my/badges/").content.decode()


def test_revoke_stops_the_token_and_the_refresh_token(award: Award, backpack: Backpack) -> None:
    token = access_token(award.recipient, backpack, READ)
    browser = Client()
    browser.force_login(award.recipient)
    application_id = AccessToken.objects.get(user=award.recipient).application_id
    response = browser.post(f"/my/connected-apps/{application_id}/revoke")
    assert response.status_code == 302
    assert api_get("/credentials", token["access_token"]).status_code == 401
    refreshed = Client().post(
        f"{API}/oauth/token/",
        {"grant_type": "refresh_token", "refresh_token": token["refresh_token"]},
        headers={"authorization": backpack.basic()},
    )
    assert refreshed.status_code == 400
    assert not AccessToken.objects.filter(user=award.recipient).exists()
    assert not RefreshToken.objects.filter(user=award.recipient).exists()
    assert AuditEvent.objects.filter(action="credentials.hostapi.client.revoke").count() == 1
    page = browser.get("/my/connected-apps/").content.decode()
    assert 'data-testid="connected-app"' not in page
    assert "can no longer fetch your badges" in page or "ne peut plus" in page


def test_a_member_cannot_revoke_another_members_app(
    award: Award, backpack: Backpack, people: dict[str, User]
) -> None:
    token = access_token(award.recipient, backpack, READ)
    application_id = AccessToken.objects.get(user=award.recipient).application_id
    other = Client()
    other.force_login(people["coordinator"])
    assert other.post(f"/my/connected-apps/{application_id}/revoke").status_code == 404
    assert api_get("/credentials", token["access_token"]).status_code == 200


def test_the_daily_job_deletes_expired_tokens(award: Award, backpack: Backpack) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from sexto.core.jobs import daily_jobs
    from sexto.credentials.hostapi.tasks import hostapi_tokens_clear

    assert daily_jobs()["hostapi_tokens_clear"] is hostapi_tokens_clear
    access_token(award.recipient, backpack, READ)
    long_ago = timezone.now() - timedelta(days=400)
    AccessToken.objects.update(expires=long_ago)
    RefreshToken.objects.update(created=long_ago)
    hostapi_tokens_clear.call()
    assert not RefreshToken.objects.exists()
    assert not AccessToken.objects.exists()


def test_an_app_whose_only_token_expired_is_no_longer_listed(
    award: Award, backpack: Backpack
) -> None:
    """It could fetch nothing any more, yet the page still said it could (until the daily
    clean-up); one that may still refresh stays listed, since it can come back."""
    import datetime

    from django.utils import timezone

    access_token(award.recipient, backpack, READ)
    browser = Client()
    browser.force_login(award.recipient)
    AccessToken.objects.filter(user=award.recipient).update(
        expires=timezone.now() - datetime.timedelta(minutes=1)
    )
    page = browser.get("/my/connected-apps/").content.decode()
    assert 'data-testid="connected-app"' in page  # its refresh token still lets it back in
    RefreshToken.objects.filter(user=award.recipient).update(revoked=timezone.now())
    page = browser.get("/my/connected-apps/").content.decode()
    assert 'data-testid="connected-app"' not in page
