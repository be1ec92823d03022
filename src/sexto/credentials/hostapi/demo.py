"""Demo: a registered backpack, « Sac à badges de démonstration », that asantos authorised, so
"Connected apps" is not empty under ``make run``. Idempotent."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import timedelta

from django.utils import timezone
from oauth2_provider.models import AccessToken, RefreshToken, set_token_value

from sexto.credentials.hostapi import scopes
from sexto.credentials.hostapi.models import HostClient
from sexto.credentials.hostapi.registration import host_client_register
from sexto.directory.models import User

DEMO_SOFTWARE_ID = "sexto-demo-backpack"


def demo_host_client_seed(write: Callable[[str], None]) -> None:
    user = User.objects.filter(handle="asantos").first()
    if user is None:
        return
    client = HostClient.objects.filter(software_id=DEMO_SOFTWARE_ID).first()
    if client is None:
        client = host_client_register(
            data={
                "client_name": "Sac à badges de démonstration",
                "client_uri": "https://sac-a-badges.demo/",
                "logo_uri": "https://sac-a-badges.demo/logo.png",
                "tos_uri": "https://sac-a-badges.demo/conditions",
                "policy_uri": "https://sac-a-badges.demo/confidentialite",
                "software_id": DEMO_SOFTWARE_ID,
                "software_version": "1.0",
                "redirect_uris": ["https://sac-a-badges.demo/retour"],
                "scope": f"{scopes.CREDENTIAL_READONLY} {scopes.PROFILE_READONLY}",
            }
        ).client
    application = client.application
    if not RefreshToken.objects.filter(user=user, application=application).exists():
        # What the member's consent would have left: a token pair (values never used).
        access = AccessToken(
            user=user,
            application=application,
            expires=timezone.now() + timedelta(hours=1),
            scope=client.scope,
        )
        set_token_value(access, secrets.token_urlsafe(32))
        access.save()
        refresh = RefreshToken(user=user, application=application, access_token=access)
        set_token_value(refresh, secrets.token_urlsafe(32))
        refresh.save()
    write("Credentials: asantos connected « Sac à badges de démonstration » (/my/connected-apps/).")
