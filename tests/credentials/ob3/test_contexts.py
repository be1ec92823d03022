"""Bundled contexts match their recorded sha256; the loader never reaches the network."""

from __future__ import annotations

import hashlib

import pytest

from sexto.credentials.ob3.loader import (
    CONTEXTS_DIR,
    UnknownContext,
    bundled_document_loader,
    context_manifest,
)

EXPECTED_URLS = {
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json",
    "https://w3id.org/security/multikey/v1",
    "https://w3id.org/security/data-integrity/v2",
    "https://www.w3.org/ns/did/v1",
    "https://www.w3.org/ns/credentials/examples/v2",
}


def test_every_bundled_context_matches_its_recorded_sha256_and_source() -> None:
    manifest = context_manifest()
    assert {e["url"] for e in manifest} == EXPECTED_URLS
    for entry in manifest:
        data = (CONTEXTS_DIR / entry["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], entry["file"]
        assert entry["source"].startswith(("npm:", "github:"))


def test_loader_answers_static_and_refuses_unknown_urls_precisely() -> None:
    answer = bundled_document_loader("https://www.w3.org/ns/credentials/v2")
    assert answer["tag"] == "static"
    assert answer["document"]["@context"]["@protected"] is True
    with pytest.raises(UnknownContext) as info:
        bundled_document_loader("https://evil.example/context.json")
    assert info.value.url == "https://evil.example/context.json"
    assert "only bundled contexts" in str(info.value)
