"""Run DCC verifier-core (``dcc_verify.mjs``, node) on a credential, offline: the documents it
needs from our site (the issuer's did:web document, the status lists the credential names) are
fetched here through Django's test client and handed to the harness, which answers its fetches
from them. Used by ``tests/credentials/test_interop_dcc.py`` and ``scripts/interop_report.py``.
"""

from __future__ import annotations

import json
import shutil
import subprocess  # nosec B404 - runs our own node harness
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.test import Client

from sexto.credentials.ob3.did import did_web_url

ROOT = Path(__file__).resolve().parents[3]
HARNESS = Path(__file__).resolve().parent / "dcc_verify.mjs"
NODE = shutil.which("node")
AVAILABLE = NODE is not None and (ROOT / "node_modules/@digitalcredentials/verifier-core").exists()


def site_documents(credential: dict[str, Any], *, client: Client | None = None) -> dict[str, Any]:
    """URL → document for what a verifier fetches from our site for ``credential``: the
    issuer's did:web document and each status list its ``credentialStatus`` names."""
    client = client or Client()
    issuer = credential["issuer"]
    urls = []
    did = issuer["id"] if isinstance(issuer, dict) else issuer
    if did.startswith("did:web:"):
        urls.append(did_web_url(did))
    statuses = credential.get("credentialStatus") or []
    for status in statuses if isinstance(statuses, list) else [statuses]:
        urls.append(status["statusListCredential"])
    documents = {}
    for url in urls:
        response = client.get(urlsplit(url).path)
        if response.status_code == 200:
            documents[url] = json.loads(response.content)
    return documents


def dcc_verify(
    credential: dict[str, Any] | str,
    *,
    documents: dict[str, Any] | None = None,
    client: Client | None = None,
    now: str | None = None,
) -> dict[str, Any]:
    """verifier-core's ``verifyCredential`` output for ``credential`` (harness output:
    ``result``, ``fetched``, ``refused``). ``documents`` defaults to :func:`site_documents`;
    ``now`` (ISO date-time) is the moment the verifier believes it is."""
    if isinstance(credential, str):
        credential = json.loads(credential)
    assert isinstance(credential, dict)
    if documents is None:
        documents = site_documents(credential, client=client)
    run = subprocess.run(  # nosec B603 - fixed script and node binary
        [str(NODE), str(HARNESS)],
        input=json.dumps({"credential": credential, "documents": documents, "now": now}),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    output: dict[str, Any] = json.loads(run.stdout)
    return output


def step(result: dict[str, Any], step_id: str) -> dict[str, Any] | None:
    """One entry of the result's ``log`` (``valid_signature``, ``revocation_status``,
    ``expiration``, ``registered_issuer``), or None."""
    for entry in result.get("log") or []:
        if entry.get("id") == step_id:
            return dict(entry)
    return None


def schema_results(result: dict[str, Any]) -> list[dict[str, Any]]:
    """The ``schema_check`` results (one per schema the credential names)."""
    for entry in result.get("additionalInformation") or []:
        if entry.get("id") == "schema_check" and isinstance(entry.get("results"), list):
            return list(entry["results"])
    return []
