"""The verify speed levers (pyld_cache, canon_fast, the specialised expander expand_fast and the
RDFC-1.0 shortcut rdfc_fast) give canonical N-Quads byte-identical to stock pyld: on the W3C
vectors and fixtures, and on hundreds of generated credentials (names with unicode, quotes,
backslashes, newlines and control characters, dates, language-tagged values, numbers and booleans
with and without a datatype, nested objects, arrays with repeated values, proof arrays, evidence,
several status entries, credentialSchema, results, alignments, and shapes handed to stock pyld:
@list containers, @json, identical blank nodes)."""

from __future__ import annotations

import copy
import json
import random
from pathlib import Path
from typing import Any

import pytest
from pyld import jsonld

from sexto.credentials.ob3 import canon_fast, pyld_cache
from sexto.credentials.ob3.canon import CanonicalizationRefused, WorkBudget
from sexto.credentials.ob3.dataintegrity import canonicalize, proof_config, unsecured
from sexto.credentials.ob3.loader import OB_V3P0_EXTENSIONS, bundled_contexts
from tests.credentials.ob3.hostile_shapes import HOSTILE
from tests.credentials.ob3.ob3_factory import common_shape, varied

FIXTURES = Path(__file__).parent / "fixtures"
GENERATED = 300

TEXTS = [
    "Sexto — Explorateur",
    'Guillemets "doubles" et \\ barre oblique inverse',
    "Ligne 1\nLigne 2\r\n\tTabulée",
    "L’élève « Zoë » a reçu l’insigne",
    "日本語のバッジ 🎓",
    "Nul\u0000 et contrôle\u0007\u001f",
    "Espace insécable\u00a0: oui",
    "",
    " ",
    "x" * 300,
]
DATES = ["2024-03-14T20:43:05Z", "2024-02-29T00:00:00.123Z", "1999-12-31T23:59:59+05:00"]


def _stock_loader(url: str, options: dict | None = None) -> dict:
    # A different loader object and no 'static' tag: pyld runs exactly as shipped.
    return {
        "contextUrl": None,
        "documentUrl": url,
        "document": copy.deepcopy(bundled_contexts()[url]),
    }


def _stock(document: dict[str, Any]) -> str:
    pyld_cache.uninstall()
    canon_fast.uninstall()
    try:
        return str(
            jsonld.normalize(
                copy.deepcopy(document),
                {
                    "algorithm": "URDNA2015",
                    "format": "application/n-quads",
                    "documentLoader": _stock_loader,
                },
            )
        )
    finally:
        pyld_cache.install()
        canon_fast.install()


def _generated(count: int, *, seed: int = 17) -> list[dict[str, Any]]:
    """Seeded credentials over our shapes and the shapes other helpers add."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        doc = common_shape(index=rng.randint(0, 131071), name=rng.choice(TEXTS))
        subject = doc["credentialSubject"]
        achievement = subject["achievement"]
        subject["name"] = rng.choice(TEXTS)
        achievement["description"] = rng.choice(TEXTS)
        achievement["criteria"]["narrative"] = rng.choice(TEXTS)
        doc["validFrom"] = rng.choice(DATES)
        if rng.random() < 0.4:
            doc["validUntil"] = rng.choice(DATES)
        if rng.random() < 0.3:
            subject["id"] = f"did:key:z6Mk{rng.getrandbits(64):x}"
        if rng.random() < 0.4:
            achievement["inLanguage"] = rng.choice(["fr", "en", "fr-CA"])
            doc["name"] = {"@value": rng.choice(TEXTS), "@language": rng.choice(["fr", "en"])}
        if rng.random() < 0.3:
            achievement["related"] = [
                {
                    "id": f"https://sexto.example/badges/b{k}",
                    "type": ["Related"],
                    "inLanguage": "en",
                }
                for k in range(rng.randint(1, 3))
            ]
        if rng.random() < 0.4:
            doc["evidence"] = [
                {"type": ["Evidence"], "name": rng.choice(TEXTS), "narrative": rng.choice(TEXTS)}
                for _ in range(rng.randint(1, 4))
            ]
        if rng.random() < 0.3:
            doc["credentialStatus"] = [
                {**doc["credentialStatus"], "statusPurpose": purpose, "id": f"urn:uuid:{purpose}"}
                for purpose in ("revocation", "suspension")
            ]
        if rng.random() < 0.3:
            doc["credentialSchema"] = [
                {
                    "id": "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/"
                    "ob_v3p0_achievementcredential_schema.json",
                    "type": "1EdTechJsonSchemaValidator2019",
                }
            ]
        if rng.random() < 0.3:
            achievement["tag"] = rng.sample(TEXTS, rng.randint(1, 4))
        if rng.random() < 0.2:
            subject["identifier"].append(
                {
                    "type": "IdentityObject",
                    "identityHash": rng.choice(TEXTS),
                    "identityType": "name",
                    "hashed": False,
                }
            )
        if rng.random() < 0.2:
            doc["issuer"] = doc["issuer"]["id"]
        _more_shapes(rng, doc)
        if rng.random() < 0.4:
            _endorse(rng, doc)
        out.append(doc)
    return out


NUMBERS: list[Any] = [0, 3, -1, 2.5, 1.0, 1e-7, 1e21, 10**21, 12345678901234567890, 0.1, True]
LANGUAGES = ["fr", "en", "FR-ca", "en-GB", "x-Klingon"]


def _more_shapes(rng: random.Random, doc: dict[str, Any]) -> None:
    """Shapes the specialised expander handles (numbers and booleans under a datatype, dates,
    nested objects, arrays with repeated values, language-tagged values, IRIs as strings) and
    shapes it hands to stock pyld (@list containers, @json, identical blank nodes)."""
    subject = doc["credentialSubject"]
    achievement = subject["achievement"]
    if rng.random() < 0.3:
        achievement["creditsAvailable"] = rng.choice(NUMBERS)
    if rng.random() < 0.2:
        subject["creditsEarned"] = rng.choice(NUMBERS)
    if rng.random() < 0.2:
        subject["activityStartDate"] = rng.choice(["2024-03-14", "2024-02-29"])
        subject["activityEndDate"] = rng.choice(DATES)
    if rng.random() < 0.2:
        subject["result"] = [
            {
                "type": ["Result"],
                "value": rng.choice(TEXTS),
                "resultDescription": f"urn:uuid:result-{k}",
                "achievedLevel": f"urn:uuid:level-{k}",
            }
            for k in range(rng.randint(1, 3))
        ]
    if rng.random() < 0.1:  # @list container: stock pyld
        achievement["resultDescription"] = [
            {
                "id": "urn:uuid:result-0",
                "type": ["ResultDescription"],
                "name": rng.choice(TEXTS),
                "resultType": "LetterGrade",
                "allowedValue": ["A", "B", rng.choice(TEXTS)],
            }
        ]
    if rng.random() < 0.2:
        achievement["alignment"] = [
            {
                "type": ["Alignment"],
                "targetName": rng.choice(TEXTS),
                "targetUrl": f"https://sexto.example/cadre/{k}",
                "targetType": "CFItem",
            }
            for k in range(rng.randint(1, 2))
        ]
    if rng.random() < 0.2:
        achievement["creator"] = {
            "id": rng.choice([doc["issuer"]["id"], "https://sexto.example/org/2"])
            if isinstance(doc["issuer"], dict)
            else "https://sexto.example/org/2",
            "type": ["Profile"],
            "name": rng.choice(TEXTS),
            "address": {
                "type": ["Address"],
                "addressCountry": "Canada",
                "addressLocality": rng.choice(TEXTS),
            },
        }
    if rng.random() < 0.2:
        achievement["image"] = "https://sexto.example/badges/image.png"
    if rng.random() < 0.2:  # repeated values are merged, as pyld's node map merges them
        achievement["tag"] = [rng.choice(TEXTS[:3]) for _ in range(rng.randint(2, 6))]
    if rng.random() < 0.2:
        achievement["name"] = [
            {"@value": rng.choice(TEXTS), "@language": rng.choice(LANGUAGES)}
            for _ in range(rng.randint(1, 3))
        ]
    if rng.random() < 0.1:  # two identical blank nodes: RDFC-1.0 needs Hash N-Degree Quads
        entry = {"type": ["Evidence"], "name": rng.choice(TEXTS)}
        doc["evidence"] = [entry, dict(entry)]
    if rng.random() < 0.05:  # @json: stock pyld
        doc["credentialSchema"] = [
            {"id": "urn:uuid:schema", "type": "JsonSchema", "jsonSchema": {"type": "object"}}
        ]


def _signed_proof(rng: random.Random) -> dict[str, Any]:
    proof = {
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-rdfc-2022",
        "created": rng.choice(DATES),
        "verificationMethod": f"did:web:sexto.example:issuers:{rng.getrandbits(32):x}#key-1",
        "proofPurpose": "assertionMethod",
        "proofValue": f"z{rng.getrandbits(128):x}",
    }
    if rng.random() < 0.2:
        proof["id"] = f"urn:uuid:proof-{rng.getrandbits(32):x}"
    return proof


def _endorsement(
    rng: random.Random, endorsed: str, contexts: list[str], *, depth: int = 0
) -> dict[str, Any]:
    """An OB 3.0 EndorsementCredential as ob3/endorsement.py builds it, signed: its ``proof``
    (VC 2.0 ``@container: @graph``) is an object or an array of one or two proofs. Its
    ``@context`` repeats the top's URLs (all of them, or the first two), as canon requires."""
    issuer = f"did:web:sexto.example:issuers:centre-{rng.randint(0, 9)}"
    document: dict[str, Any] = {
        "@context": list(contexts if rng.random() < 0.5 else contexts[:2]),
        "id": f"https://sexto.example/credentials/{rng.getrandbits(16)}/endorsements/1.json",
        "type": ["VerifiableCredential", "EndorsementCredential"],
        "name": rng.choice(TEXTS),
        "issuer": {"id": issuer, "type": ["Profile"], "name": rng.choice(TEXTS)},
        "validFrom": rng.choice(DATES),
        "credentialSubject": {
            "id": endorsed,
            "type": ["EndorsementSubject"],
            "endorsementComment": rng.choice(TEXTS),
        },
    }
    if rng.random() < 0.5:
        document["inLanguage"] = rng.choice(["fr", "en"])
    if document["@context"][-1] == OB_V3P0_EXTENSIONS:
        document["credentialSchema"] = [
            {
                "id": "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/"
                "ob_v3p0_endorsementcredential_schema.json",
                "type": "1EdTechJsonSchemaValidator2019",
            }
        ]
    if rng.random() < 0.2:
        document["description"] = rng.choice(TEXTS)
    if depth == 0 and rng.random() < 0.15:  # an endorsement of the endorser: graphs in graphs
        document["issuer"]["endorsement"] = [_endorsement(rng, issuer, contexts, depth=1)]
    shape = rng.random()
    if shape < 0.6:
        document["proof"] = _signed_proof(rng)
    elif shape < 0.85:
        document["proof"] = [_signed_proof(rng)]
    else:
        document["proof"] = [_signed_proof(rng), _signed_proof(rng)]
    return document


def _endorse(rng: random.Random, doc: dict[str, Any]) -> None:
    """One or two endorsements on the credential, its achievement or its issuer."""
    endorsed = str(doc.get("id") or "urn:uuid:credential")
    contexts = doc["@context"]
    if isinstance(contexts, list) and OB_V3P0_EXTENSIONS not in contexts and rng.random() < 0.5:
        doc["@context"] = [*contexts, OB_V3P0_EXTENSIONS]
    contexts = doc["@context"]
    entries = [_endorsement(rng, endorsed, contexts) for _ in range(rng.choice([1, 1, 2]))]
    where = rng.random()
    if where < 0.6:
        doc["endorsement"] = entries
    elif where < 0.8 or not isinstance(doc["issuer"], dict):
        doc["credentialSubject"]["achievement"]["endorsement"] = entries
    else:
        doc["issuer"]["endorsement"] = entries


def _proof(i: int) -> dict[str, Any]:
    return {
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-rdfc-2022",
        "created": DATES[i % len(DATES)],
        "verificationMethod": f"did:key:z6Mk{i}#z6Mk{i}",
        "proofPurpose": "assertionMethod",
    }


def _documents() -> list[dict[str, Any]]:
    docs = []
    for path in sorted(FIXTURES.rglob("*.json")):
        data = json.loads(path.read_text())
        if isinstance(data, dict) and "@context" in data:
            docs.append(unsecured(data))
            proofs = data.get("proof")
            for proof in proofs if isinstance(proofs, list) else [proofs] if proofs else []:
                docs.append(proof_config(proof, data["@context"]))
    generated = _generated(GENERATED)
    docs += varied(24) + generated
    docs += [proof_config(_proof(i), doc["@context"]) for i, doc in enumerate(generated[:20])]
    return docs


def test_generator_covers_hundreds_of_distinct_credentials() -> None:
    assert len({json.dumps(d, sort_keys=True) for d in _generated(GENERATED)}) >= 250


@pytest.mark.parametrize("document", _documents(), ids=lambda d: str(d.get("id") or d.get("type")))
def test_fast_path_identical_to_stock_pyld(document: dict[str, Any]) -> None:
    expected = _stock(document)
    assert expected  # a non-empty dataset: the comparison means something
    # Twice: the first call fills the memo, the second is served from it.
    assert canonicalize(copy.deepcopy(document)) == expected
    assert canonicalize(copy.deepcopy(document)) == expected


def test_the_specialised_expander_handles_most_generated_credentials() -> None:
    from sexto.credentials.ob3 import expand_fast, rdfc_fast

    before = expand_fast.stats()["fast"], rdfc_fast.stats()["fast"]
    for document in _generated(GENERATED):
        canonicalize(document)
    after = expand_fast.stats()["fast"], rdfc_fast.stats()["fast"]
    assert after[0] - before[0] >= 250
    assert after[1] - before[1] >= 250


def test_fast_path_serves_our_shape_from_the_memo() -> None:
    # The IRI memo serves stock pyld's expansion: documents the specialised expander hands back.
    from sexto.credentials.ob3 import expand_fast

    expand_fast.ENABLED = False
    try:
        canonicalize(common_shape())
        before = canon_fast.memo_stats()
        canonicalize(common_shape())
        after = canon_fast.memo_stats()
    finally:
        expand_fast.ENABLED = True
    assert after["hits"] > before["hits"]
    assert after["misses"] == before["misses"]


def test_only_contexts_built_from_bundled_contexts_are_memoised() -> None:
    # A foreign loader's own contexts are never memoised: only pyld's frozen initial context and
    # contexts pyld_cache built from the bundled ones (pyld may reuse those through its own
    # URL-keyed cache, which is stock behaviour).
    canon_fast.memo_clear()
    jsonld.normalize(
        common_shape(),
        {
            "algorithm": "URDNA2015",
            "format": "application/n-quads",
            "documentLoader": _stock_loader,
        },
    )
    initial = list(jsonld.INITIAL_CONTEXTS.values())
    assert all(
        any(context is i for i in initial) or pyld_cache._is_known(context)
        for context, _result in canon_fast._memo.values()
    )


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_shapes_still_refused_on_the_fast_path(name: str) -> None:
    document, _check, _words = HOSTILE[name]()
    with pytest.raises((CanonicalizationRefused, jsonld.JsonLdError)):
        canonicalize(document)


def test_work_budget_still_charged_on_the_fast_path() -> None:
    doc = common_shape()
    doc["credentialSubject"]["achievement"]["tag"] = [f"t{k}" for k in range(40)]
    from sexto.credentials.ob3.canon import canonical_nquads

    with pytest.raises(CanonicalizationRefused):
        canonical_nquads(doc, budget=WorkBudget(limit=10))


def test_endorsed_credentials_take_the_fast_path() -> None:
    # Embedded endorsements carry proofs under VC 2.0's @container @graph: named graphs, which
    # the expander and the RDFC-1.0 shortcut handle (the rest are shapes handed back on purpose:
    # @list, @json, identical evidence).
    from sexto.credentials.ob3 import expand_fast, rdfc_fast

    endorsed = [d for d in _generated(GENERATED) if '"endorsement"' in json.dumps(d)]
    assert len(endorsed) >= 100
    before = expand_fast.stats()["fast"], rdfc_fast.stats()["fast"]
    for document in endorsed:
        canonicalize(document)
    after = expand_fast.stats()["fast"], rdfc_fast.stats()["fast"]
    assert after[0] - before[0] >= 0.8 * len(endorsed)
    assert after[1] - before[1] >= 0.7 * len(endorsed)
