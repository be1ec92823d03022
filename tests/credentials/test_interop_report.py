"""The interop report (``make interop`` / ``scripts/interop_report.py``): the three independent
checks of issue 17 on a freshly issued demo credential, their output printed for the closing
note. Skipped unless ``INTEROP_REPORT=1`` (the same checks run as assertions in
``test_interop.py`` and ``test_interop_dcc.py``)."""

from __future__ import annotations

import json
import os
import subprocess  # nosec B404 - the OB 2.0 validator in its own venv
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from openbadgeslib import baking as independent

from sexto.credentials import services
from sexto.credentials.models import Award
from sexto.directory.models import User
from sexto.training.demo import asantos_seed
from sexto.training.models import Level
from tests.credentials.interop.dcc import AVAILABLE, dcc_verify
from tests.credentials.test_interop import OB2_SCRIPT, OB2_VALIDATOR

pytestmark = pytest.mark.skipif(
    os.environ.get("INTEROP_REPORT") != "1", reason="the report runs with INTEROP_REPORT=1"
)


def _ob2_report(target: str) -> dict[str, Any]:
    """The validator's ``report`` (its full output, graph included, is long)."""
    run = subprocess.run(  # nosec B603 - our own script in the validator's venv
        [OB2_VALIDATOR, str(OB2_SCRIPT), target],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    report: dict[str, Any] = json.loads(run.stdout)["report"]
    return report


def _section(title: str, body: Any) -> None:
    print(f"\n## {title}\n")
    print(body if isinstance(body, str) else json.dumps(body, indent=2, ensure_ascii=False))


def test_interop_report(
    live_server: Any,
    people: dict[str, User],
    explorateur: Level,
    django_capture_on_commit_callbacks: Any,
    settings: Any,
    tmp_path: Path,
) -> None:
    settings.PUBLIC_BASE_URL = live_server.url
    with django_capture_on_commit_callbacks(execute=True):
        asantos_seed(level=explorateur, trainer=people["trainer"])
    award = Award.objects.get(recipient__handle="asantos")
    signed = services.credential_for(award).signed
    client = Client()
    png = client.get(f"/credentials/{award.pk}/badge.png").content
    svg = client.get(f"/credentials/{award.pk}/badge.svg").content
    failures = []

    _section(
        "Credential (issuer, context, schema)",
        {k: json.loads(signed)[k] for k in ("id", "issuer", "@context", "credentialSchema")},
    )

    # 1. DCC verifier-core
    if AVAILABLE:
        for label, text in (
            ("stored credential", signed),
            (
                "baked PNG (openbadgeslib extract)",
                independent.extract_png(png, keyword=independent.ITXT_KEYWORD_OB3),
            ),
            (
                "baked SVG (openbadgeslib extract)",
                independent.extract_svg(
                    svg, element=independent.SVG_ELEMENT_OB3, text_fallback=True
                ),
            ),
        ):
            output = dcc_verify(text or "{}")
            _section(f"DCC verifier-core 1.0.0-beta.11 — {label}", output)
            if output["result"].get("errors"):
                failures.append(f"verifier-core: {label}")
    else:
        _section("DCC verifier-core", "SKIPPED: node or node_modules missing (npm ci)")
        failures.append("verifier-core not run")

    # 2. openbadgeslib
    from_png = independent.extract_png(png, keyword=independent.ITXT_KEYWORD_OB3)
    from_svg = independent.extract_svg(svg, element=independent.SVG_ELEMENT_OB3, text_fallback=True)
    ob2_png = client.get(f"/ob2/assertions/{award.pk}/badge.png").content
    ob2_assertion = json.loads(independent.extract_png(ob2_png) or "{}")
    extraction = {
        "ob3_png_keyword_openbadgecredential_equals_stored": from_png == signed,
        "ob3_svg_openbadges_credential_text_equals_stored": from_svg == signed,
        "ob3_svg_verify_attribute": independent.extract_svg(
            svg, element=independent.SVG_ELEMENT_OB3
        ),
        "ob3_png_under_ob2_keyword": independent.extract_png(png),
        "ob2_png_assertion_id": ob2_assertion.get("id"),
    }
    _section("openbadgeslib 4.6.3 — extraction", extraction)
    if not (from_png == signed and from_svg == signed and ob2_assertion.get("id")):
        failures.append("openbadgeslib")

    # 3. 1EdTech OB 2.0 validator
    if OB2_VALIDATOR:
        hosted = _ob2_report(f"{live_server.url}/ob2/assertions/{award.pk}.json")
        (tmp_path / "badge.png").write_bytes(ob2_png)
        baked = _ob2_report(str(tmp_path / "badge.png"))
        for label, report in (("hosted assertion", hosted), ("baked PNG", baked)):
            _section(f"1EdTech OB 2.0 validator (openbadges 1.1.2) — {label}", report)
            if not report["valid"]:
                failures.append(f"OB 2.0 validator: {label}")
    else:
        _section("1EdTech OB 2.0 validator", "SKIPPED: OB2_VALIDATOR_PYTHON unset (.venv-ob2)")
        failures.append("OB 2.0 validator not run")

    _section("Summary", "all accepted" if not failures else f"NOT accepted: {failures}")
    assert not failures
