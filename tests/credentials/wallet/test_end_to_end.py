"""End to end, against the live server, with real holder clients (not mocks of our endpoints):
the DCC libraries (Learner Credential Wallet's stack) through the VC-API exchange, and an
OID4VCI wallet library through the pre-authorised-code offer. A second use is refused."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess  # nosec B404 - runs our own node holder scripts
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from sexto.credentials import verification
from sexto.credentials.models import Award
from sexto.directory.models import User
from sexto.training.demo import asantos_seed
from sexto.training.models import Level

HOLDER = Path(__file__).resolve().parent / "holder"
ROOT = Path(__file__).resolve().parents[3]
NODE = shutil.which("node")

pytestmark = pytest.mark.skipif(
    NODE is None or not (ROOT / "node_modules" / "@digitalcredentials" / "vc").exists(),
    reason="node and the npm devDependencies (npm ci) are needed",
)


@pytest.fixture
def live_award(
    live_server: Any, settings: Any, people: dict[str, User], explorateur: Level
) -> Award:
    """The learner's award, signed with URLs on the live server (the wallet must reach them)."""
    settings.PUBLIC_BASE_URL = live_server.url
    settings.RATE_LIMITS_ENABLED = True
    cache.clear()
    asantos_seed(level=explorateur, trainer=people["trainer"])
    return Award.objects.get(recipient__handle="asantos", badge_slug="sexto-explorateur")


def _offer_links(award: Award, people: dict[str, User]) -> dict[str, str]:
    client = Client()
    client.force_login(award.recipient)
    page = client.post(f"/my/badges/{award.pk}/wallet/")
    assert page.status_code == 200
    text = page.content.decode()
    found = dict(re.findall(r'href="([^"]+)" data-testid="wallet-(lcw|oid4vci)-link"', text))
    return {name: html.unescape(link) for link, name in found.items()}


def _node(script: str, argument: str) -> dict[str, Any]:
    done = subprocess.run(  # nosec B603 - fixed script, our own URL
        [str(NODE), str(HOLDER / script), argument],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return dict(json.loads(done.stdout))


def test_learner_credential_wallet_exchange(live_award: Award, people: dict[str, User]) -> None:
    links = _offer_links(live_award, people)
    assert links["lcw"].startswith("https://lcw.app/request?request=")
    out = _node("vcapi_holder.mjs", links["lcw"])
    assert out["request"]["status"] == 200
    assert out["issued"]["status"] == 200, out["issued"]
    credential = out["issued"]["body"]["verifiablePresentation"]["verifiableCredential"][0]
    assert credential["credentialSubject"]["id"] == out["holder"]
    result = verification.credential_verify_submitted(credential)
    assert result.verified, result.errors
    # The same offer again: refused, as problem details.
    assert out["again"]["status"] == 409
    assert out["again"]["type"] == "application/problem+json"
    assert out["again"]["body"]["status"] == 409 and out["again"]["body"]["detail"]


def test_openid4vci_pre_authorised_offer(live_award: Award, people: dict[str, User]) -> None:
    links = _offer_links(live_award, people)
    assert links["oid4vci"].startswith("openid-credential-offer://?credential_offer_uri=")
    out = _node("oid4vci_holder.mjs", links["oid4vci"])
    issued = out["issued"]
    credential = (issued.get("credentials") or [{}])[0].get("credential") or issued["credential"]
    assert credential["credentialSubject"]["id"] == out["holder"]
    result = verification.credential_verify_submitted(credential)
    assert result.verified, result.errors
    # The same offer again: its offer URI now answers 409 (problem details), the wallet stops.
    assert out["again"]["refused"] is True
    assert "409" in out["again"]["message"], out["again"]
