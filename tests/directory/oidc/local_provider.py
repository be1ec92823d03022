"""The local OpenID Connect provider (provider.mjs, node `oidc-provider`) the sign-in tests use."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[3]
PROVIDER_SCRIPT = Path(__file__).with_name("provider.mjs")
SLUG = "board-oidc"
CLIENT_ID = "sexto-test"
CLIENT_SECRET = "sexto-test-secret-0123456789"

# Logins known at the provider, with the claims it gives (the password is never checked).
ACCOUNTS: dict[str, dict[str, Any]] = {
    "member": {"email": "Member@Board.test", "email_verified": True, "name": "Morgane Membre"},
    "coordinator": {"email": "coordinator@board.test", "email_verified": True},
    "unverified": {"email": "unverified@board.test", "email_verified": False},
    "stranger": {"email": "stranger@board.test", "email_verified": True},
    "elsewhere": {"email": "elsewhere@other.test", "email_verified": True},
    # As Microsoft Entra ID signs: no email_verified, its optional claim xms_edov instead.
    "entra": {"email": "entra@board.test", "xms_edov": True},
}


@dataclass(frozen=True)
class LocalProvider:
    issuer: str
    slug: str = SLUG
    client_id: str = CLIENT_ID
    client_secret: str = CLIENT_SECRET


@contextmanager
def local_provider_run(*, base_url: str) -> Iterator[LocalProvider]:
    """Start provider.mjs with one client whose redirect URI is `base_url`'s callback."""
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("The board sign-in tests need node (npm ci installs oidc-provider).")
    config = {
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "redirect_uris": [f"{base_url}/accounts/oidc/{SLUG}/login/callback/"],
        "accounts": ACCOUNTS,
    }
    process = subprocess.Popen(
        [node, str(PROVIDER_SCRIPT), json.dumps(config)],
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        if not line:
            raise RuntimeError("provider.mjs did not start (is node_modules installed?)")
        yield LocalProvider(issuer=json.loads(line)["issuer"])
    finally:
        process.terminate()
        process.wait(timeout=10)


def identity_provider_create(*, organisation: Any, provider: LocalProvider, **extra: Any) -> Any:
    """The organisation's IdentityProvider pointing at the local provider, enabled."""
    from sexto.directory.sign_in.models import IdentityProvider

    fields = {
        "kind": IdentityProvider.Kind.OTHER,
        "display_name": "Board of the tests",
        "issuer": provider.issuer,
        "client_id": provider.client_id,
        "client_secret": provider.client_secret,
        "enabled": True,
        **extra,
    }
    return IdentityProvider.objects.create(organisation=organisation, **fields)
