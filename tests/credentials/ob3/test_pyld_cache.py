"""The processed-context cache yields canonical N-Quads identical to stock pyld."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from pyld import jsonld

from sexto.credentials.ob3 import pyld_cache
from sexto.credentials.ob3.dataintegrity import canonicalize, proof_config, unsecured
from sexto.credentials.ob3.loader import bundled_contexts
from tests.credentials.ob3.ob3_factory import varied

FIXTURES = Path(__file__).parent / "fixtures"


def _stock_loader(url: str, options: dict | None = None) -> dict:
    # A different loader object and no 'static' tag: pyld runs exactly as shipped.
    return {
        "contextUrl": None,
        "documentUrl": url,
        "document": copy.deepcopy(bundled_contexts()[url]),
    }


def _stock(document: dict) -> str:
    pyld_cache.uninstall()
    try:
        return jsonld.normalize(
            copy.deepcopy(document),
            {
                "algorithm": "URDNA2015",
                "format": "application/n-quads",
                "documentLoader": _stock_loader,
            },
        )
    finally:
        pyld_cache.install()


def _documents() -> list[dict]:
    docs = []
    for path in sorted(FIXTURES.rglob("*.json")):
        data = json.loads(path.read_text())
        if "@context" in data:
            docs.append(unsecured(data))
            if "proof" in data:
                docs.append(proof_config(data["proof"], data["@context"]))
    return docs + varied(24)


@pytest.mark.parametrize("document", _documents(), ids=lambda d: str(d.get("id") or d.get("type")))
def test_canonical_form_identical_to_stock_pyld(document: dict) -> None:
    expected = _stock(document)
    assert expected  # a non-empty dataset: the comparison means something
    # Twice: the first call fills the cache, the second is served from it.
    assert canonicalize(copy.deepcopy(document)) == expected
    assert canonicalize(copy.deepcopy(document)) == expected


def test_cache_is_used_and_installed_only_on_pinned_pyld() -> None:
    pyld_cache.install()
    assert getattr(jsonld.JsonLdProcessor._process_context, "_sexto_cached", False)
    before = pyld_cache.cache_stats()["hits"]
    canonicalize(varied(1)[0])
    canonicalize(varied(1)[0])
    assert pyld_cache.cache_stats()["hits"] > before
