"""Document loader for pyld that serves only the JSON-LD contexts bundled in ``contexts/``.

Signing and verifying never touch the network: an unknown context URL raises
``UnknownContext`` naming the URL. Answers carry ``tag: 'static'`` so pyld keeps the
resolved context in its shared cache across calls (PITFALLS.md, JSON-LD section).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from pyld import jsonld

CONTEXTS_DIR = Path(__file__).resolve().parent / "contexts"

VC_V2 = "https://www.w3.org/ns/credentials/v2"
OB_V3P0_303 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
# Defines ``1EdTechJsonSchemaValidator2019`` (credentialSchema's type): without it the type is a
# relative IRI, which JSON-LD safe mode (DCC verifier-core, 1EdTech's validator) refuses.
OB_V3P0_EXTENSIONS = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"
MULTIKEY_V1 = "https://w3id.org/security/multikey/v1"
DATA_INTEGRITY_V2 = "https://w3id.org/security/data-integrity/v2"
DID_V1 = "https://www.w3.org/ns/did/v1"
EXAMPLES_V2 = "https://www.w3.org/ns/credentials/examples/v2"


class UnknownContext(jsonld.JsonLdError):  # type: ignore[misc]
    """A document names a JSON-LD context that is not bundled; we never fetch it."""

    def __init__(self, url: str) -> None:
        super().__init__(
            f"Unknown JSON-LD context {url!r}: only bundled contexts are accepted.",
            "jsonld.LoadDocumentError",
            {"url": url},
            code="loading remote context failed",
        )
        self.url = url


@cache
def context_manifest() -> list[dict[str, str]]:
    """The manifest entries (url, file, source package, version, sha256) of the bundled contexts."""
    data = json.loads((CONTEXTS_DIR / "manifest.json").read_text(encoding="utf-8"))
    return list(data["contexts"])


@cache
def bundled_contexts() -> dict[str, dict[str, Any]]:
    """URL → parsed context document, loaded once per process."""
    return {
        entry["url"]: json.loads((CONTEXTS_DIR / entry["file"]).read_text(encoding="utf-8"))
        for entry in context_manifest()
    }


@cache
def _remote_document(url: str) -> dict[str, Any]:
    # One dict per URL for the whole process: pyld's caches key resolved contexts by URL,
    # and returning the same object keeps identity stable for the processed-context cache.
    return {
        "contentType": "application/ld+json",
        "contextUrl": None,
        "documentUrl": url,
        "document": bundled_contexts()[url],
        "tag": "static",
    }


def bundled_document_loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    """pyld document loader: the bundled context for ``url`` or ``UnknownContext``."""
    if url not in bundled_contexts():
        raise UnknownContext(url)
    return _remote_document(url)
