"""Issue 17 speed figures for bench/credentials.py: verify of any credential (the slowest of
varied did:key OB 3.0 credentials, as the API receives them), the peer verifier (jsonld.js +
rdf-canonize + node's Ed25519, bench/peer_verify.mjs) on our own credential, and the levers
switched off (stock pyld) for comparison. Ratios are to the raw Ed25519 verify (the floor)."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VARIED = 20


def any_credential_ms(median_ms: Callable[..., float]) -> float:
    """Slowest median verify, as the API, over VARIED varied did:key OB 3.0 credentials."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from tests.credentials.ob3.ob3_factory import varied

    from sexto.credentials import verification
    from sexto.credentials.ob3 import credential_sign
    from sexto.credentials.ob3.keys import did_key_for

    key = Ed25519PrivateKey.generate()
    issuer = did_key_for(key.public_key())
    method = f"{issuer}#{issuer.removeprefix('did:key:')}"
    worst = 0.0
    for doc in varied(VARIED):
        doc.pop("credentialStatus", None)  # no status list of ours to look up
        # The OB 3.0 schema wants the issuer as a Profile object.
        doc["issuer"] = {"id": issuer, "type": ["Profile"], "name": "Autre émetteur"}
        signed = credential_sign(
            doc,
            private_key=key,
            verification_method=method,
            created=datetime(2024, 3, 14, 20, 43, 5, tzinfo=UTC),
        )
        body = json.dumps(signed).encode()
        result = verification.credential_verify_submitted(body)
        assert result.verified, [(c.name, c.status, c.reason) for c in result.checks]
        worst = max(
            worst, median_ms(lambda b=body: verification.credential_verify_submitted(b), runs=60)
        )
    return worst


def levers_off_ms(
    median_ms: Callable[..., float], fn: Callable[[], Any], *, only_new: bool = False
) -> float:
    """``fn``'s median with the levers switched off: all of them (stock pyld, static loader),
    or with ``only_new`` just the specialised expander and the RDFC-1.0 shortcut (the
    processed-context cache and the IRI memo stay on)."""
    from sexto.credentials.ob3 import canon_fast, expand_fast, pyld_cache, rdfc_fast

    saved = expand_fast.ENABLED, rdfc_fast.ENABLED
    expand_fast.ENABLED = rdfc_fast.ENABLED = False
    if not only_new:
        canon_fast.uninstall()
        pyld_cache.uninstall()
    try:
        return median_ms(fn, runs=100)
    finally:
        expand_fast.ENABLED, rdfc_fast.ENABLED = saved
        pyld_cache.install()
        canon_fast.install()


def peer_ms(signed: dict[str, Any], public_raw: bytes) -> tuple[bool, float] | None:
    """(verified, median ms) from the node peer verifier, or None when jsonld.js is missing.
    A peer that throws (e.g. jsonld.js safe mode on an undefined term) counts as not verified:
    the reason is printed."""
    node = shutil.which("node")
    if node is None or not (ROOT / "node_modules/jsonld").exists():
        return None
    payload = json.dumps({"credential": signed, "publicKeyRaw": public_raw.hex(), "runs": 200})
    out = subprocess.run(
        [node, str(ROOT / "bench/peer_verify.mjs")],
        input=payload,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    if out.returncode != 0:
        reason = next(
            (line.strip() for line in out.stderr.splitlines() if "message" in line), out.stderr
        )
        print(f"peer verifier refused our credential: {reason[:200]}")
        return False, float("nan")
    answer = json.loads(out.stdout)
    return bool(answer["verified"]), float(answer["median_ms"])
