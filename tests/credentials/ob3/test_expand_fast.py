"""The specialised expander (expand_fast) and RDFC-1.0 shortcut (rdfc_fast): on each shape they
handle, and on each shape they hand to stock pyld, the canonical N-Quads are byte for byte stock
pyld's, refusals are the same, and the work budget is charged as pyld charges it."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
from pyld import jsonld

from sexto.credentials.ob3 import expand_fast, rdfc_fast
from sexto.credentials.ob3.canon import CanonicalizationRefused, WorkBudget, canonical_nquads
from sexto.credentials.ob3.dataintegrity import unsecured
from sexto.credentials.ob3.loader import DATA_INTEGRITY_V2, EXAMPLES_V2, VC_V2
from tests.credentials.member_fixtures import asantos_award  # noqa: F401
from tests.credentials.ob3.hostile_shapes import HOSTILE
from tests.credentials.ob3.ob3_factory import OB, common_shape
from tests.credentials.ob3.test_canon_fast import _stock

Shape = Callable[[dict[str, Any]], None]


def _set(path: str, value: Any) -> Shape:
    def change(doc: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node = doc
        for key in parents:
            node = node[key]
        node[last] = value

    return change


# Shapes the expander handles itself.
FAST: dict[str, Shape] = {
    "our shape": lambda doc: None,
    "integer": _set("credentialSubject.name", 5),
    "float": _set("credentialSubject.name", 2.5),
    "float with an integer value": _set("credentialSubject.name", 3.0),
    "huge integer": _set("credentialSubject.name", 10**21),
    "small float": _set("credentialSubject.name", 1e-7),
    "boolean": _set("credentialSubject.name", False),
    "true, 1 and 1.0 (pyld merges 1 and 1.0, not true)": _set(
        "credentialSubject.name", [True, 1, 1.0, "1"]
    ),
    "float under xsd:float": _set("credentialSubject.achievement.creditsAvailable", 2.5),
    "integer under xsd:float": _set("credentialSubject.achievement.creditsAvailable", 3),
    "boolean under xsd:float": _set("credentialSubject.achievement.creditsAvailable", True),
    "huge under xsd:float": _set("credentialSubject.achievement.creditsAvailable", 1e22),
    "xsd:date": _set("credentialSubject.activityStartDate", "2024-02-29"),
    "repeated strings": _set("credentialSubject.achievement.tag", ["a", "b", "a", "a"]),
    "empty array": _set("credentialSubject.achievement.tag", []),
    "language-tagged values, upper case": _set(
        "credentialSubject.achievement.name",
        [{"@value": "Explorer", "@language": "EN-GB"}, {"@value": "Explorateur"}],
    ),
    "value object without language": _set("name", {"@value": "Sexto"}),
    "IRI as a string": _set("credentialSubject.achievement.image", "https://sexto.example/i.png"),
    "same IRI twice": _set(
        "credentialSubject.achievement.image",
        ["https://sexto.example/i.png", {"id": "https://sexto.example/i.png"}],
    ),
    "a node described twice": _set(
        "credentialSubject.achievement.creator",
        {"id": "did:web:sexto.example:issuers:css-des-sommets", "description": "Centre"},
    ),
    "nested profile and address": _set(
        "credentialSubject.achievement.creator",
        {
            "type": ["Profile"],
            "name": "Autre",
            "address": {"type": ["Address"], "addressLocality": "Sherbrooke"},
        },
    ),
    "@id and @type keywords": _set(
        "credentialSubject.achievement.image",
        {"@id": "https://sexto.example/i.png", "@type": "Image"},
    ),
    "relative IRI (pyld resolves it against its default base)": _set(
        "credentialSubject.achievement.image", {"id": "images/a.png"}
    ),
    "full IRI property (refused by dataset_check)": _set("credentialSubject.urn:example:p", "x"),
    "string under xsd:float": _set("credentialSubject.achievement.creditsAvailable", "2.5"),
    "control characters and quotes": _set(
        "credentialSubject.name", 'Nul\u0000 "q" \\ \n\r\t\u0007'
    ),
}

PROOF = {
    "type": "DataIntegrityProof",
    "cryptosuite": "eddsa-rdfc-2022",
    "created": "2024-03-14T20:43:05Z",
    "verificationMethod": "did:web:sexto.example:issuers:css#key-1",
    "proofPurpose": "assertionMethod",
    "proofValue": "z3FXQjecWufY46yg5abdVZsXqLhxhueuSoZgNSARiKBk9czhSePTFehP8c3PGfb6a22gkfUKxW",
}


def _endorsement(proof: Any, **more: Any) -> dict[str, Any]:
    return {
        "@context": [VC_V2, OB],
        "id": "https://sexto.example/credentials/1/endorsements/1.json",
        "type": ["VerifiableCredential", "EndorsementCredential"],
        "name": "Entente en vigueur",
        "issuer": {"id": "did:web:sexto.example:issuers:css", "type": ["Profile"], "name": "CSS"},
        "validFrom": "2024-03-14T20:43:05Z",
        "credentialSubject": {
            "id": "https://sexto.example/credentials/1",
            "type": ["EndorsementSubject"],
            "endorsementComment": "Entente police–DPCP en vigueur",
        },
        "proof": proof,
        **more,
    }


# @container @graph (VC 2.0's proof): each node object in a named graph of its own.
GRAPHS: dict[str, Shape] = {
    "proof object at the top": _set("proof", PROOF),
    "two proofs at the top": _set("proof", [PROOF, {**PROOF, "created": "2025-01-01T00:00:00Z"}]),
    "proof with an id": _set("proof", {**PROOF, "id": "urn:uuid:proof-1"}),
    "proof naming the credential's issuer (same IRI in two graphs)": _set(
        "proof", {**PROOF, "id": "did:web:sexto.example:issuers:css-des-sommets"}
    ),
    "endorsement with a proof": _set("endorsement", [_endorsement(PROOF)]),
    "endorsement with a proof array": _set("endorsement", [_endorsement([PROOF])]),
    "two endorsements": _set(
        "endorsement",
        [_endorsement(PROOF), _endorsement({**PROOF, "proofValue": "zOther"}, name="Autre")],
    ),
    "endorsement on the achievement": _set(
        "credentialSubject.achievement.endorsement",
        [_endorsement([PROOF, {**PROOF, "id": "urn:p"}])],
    ),
    "graphs in graphs (an endorsement inside a proof)": _set(
        "proof", {**PROOF, "endorsement": [_endorsement(PROOF)]}
    ),
    "endorsement and a top-level proof": lambda doc: (
        _set("endorsement", [_endorsement(PROOF)])(doc),
        _set("proof", {**PROOF, "created": "2025-01-01T00:00:00Z"})(doc),
    ),
}
FAST.update(GRAPHS)

# Shapes handed to stock pyld (the answer must still be stock pyld's, refusals included).
FALLBACK: dict[str, Shape] = {
    "@list container": _set(
        "credentialSubject.achievement.resultDescription",
        [{"id": "urn:uuid:r", "type": ["ResultDescription"], "allowedValue": ["A", "B"]}],
    ),
    "@json": _set(
        "credentialSchema",
        [{"id": "urn:uuid:s", "type": "JsonSchema", "jsonSchema": {"type": "object"}}],
    ),
    "blank node identifier": _set("credentialSubject.id", "_:holder"),
    "null": _set("credentialSubject.name", None),
    "nested array": _set("credentialSubject.achievement.tag", [["a"]]),
    "empty object": _set("credentialSubject.achievement.criteria", {}),
    "unknown context (pyld's own error)": _set(
        "@context", [VC_V2, "https://example.org/unknown/v1"]
    ),
    "object as a type": _set("credentialSubject.achievement.type", ["Achievement", {"a": 1}]),
    "number as a type": _set("credentialSubject.type", 5),
    "typed value object": _set(
        "credentialSubject.name", {"@value": "x", "@type": "https://example.org/t"}
    ),
    "language on a node": _set("credentialSubject.achievement.criteria", {"@language": "fr"}),
    "unknown term (refused)": _set("credentialSubject.nickname", "Ana"),
    "graph container: an IRI string": _set("proof", "urn:uuid:proof"),
    "graph container: a node with only an id (empty graph)": _set("proof", {"id": "urn:p"}),
    "graph container: a value object": _set("proof", {"@value": "x"}),
    "graph container: a null proof": _set("proof", [PROOF, None]),
}


def _doc(shape: Shape) -> dict[str, Any]:
    doc = common_shape()
    doc["credentialSubject"] = copy.deepcopy(doc["credentialSubject"])
    shape(doc)
    return doc


def _ours(document: dict[str, Any]) -> str:
    try:
        return canonical_nquads(copy.deepcopy(document))
    except CanonicalizationRefused as refused:
        return "refused: " + refused.reason
    except jsonld.JsonLdError as error:
        return "error: " + str(error)


def _reference(document: dict[str, Any]) -> str:
    """Stock pyld; a document stock pyld would refuse through canon's checks says so."""
    with switched_off():
        try:
            canonical_nquads(copy.deepcopy(document))
        except CanonicalizationRefused as refused:
            return "refused: " + refused.reason
        except jsonld.JsonLdError as error:
            return "error: " + str(error)
    return _stock(document)


class switched_off:
    def __enter__(self) -> None:
        self.saved = expand_fast.ENABLED, rdfc_fast.ENABLED
        expand_fast.ENABLED = rdfc_fast.ENABLED = False

    def __exit__(self, *exc: object) -> None:
        expand_fast.ENABLED, rdfc_fast.ENABLED = self.saved


@pytest.mark.parametrize("name", sorted(FAST))
def test_shapes_handled_by_the_expander_match_stock_pyld(name: str) -> None:
    document = _doc(FAST[name])
    before = expand_fast.stats()["fast"]
    assert _ours(document) == _reference(document)
    assert expand_fast.stats()["fast"] == before + 1


@pytest.mark.parametrize("name", sorted(FALLBACK))
def test_shapes_handed_to_stock_pyld_match_stock_pyld(name: str) -> None:
    document = _doc(FALLBACK[name])
    before = expand_fast.stats()["fallback"]
    expected = _reference(document)
    assert _ours(document) == expected
    assert expand_fast.stats()["fallback"] == before + 1


@pytest.mark.parametrize("where", ["proof", "endorsement"])
def test_identical_graphs_go_to_pyld_rdfc(where: str) -> None:
    # Two graphs saying the same thing: their blank nodes share first-degree hashes.
    document = common_shape()
    document[where] = [PROOF, dict(PROOF)] if where == "proof" else [_endorsement(PROOF)] * 2
    before = expand_fast.stats()["fast"], rdfc_fast.stats()["fallback"]
    assert _ours(document) == _stock(document)
    after = expand_fast.stats()["fast"], rdfc_fast.stats()["fallback"]
    assert after[0] == before[0] + 1 and after[1] > before[1]


def test_identical_blank_nodes_go_to_pyld_rdfc() -> None:
    document = common_shape()
    entry = {"type": ["Evidence"], "name": "même preuve"}
    document["evidence"] = [entry, dict(entry)]
    before = rdfc_fast.stats()["fallback"]
    assert _ours(document) == _stock(document)
    assert rdfc_fast.stats()["fallback"] > before


@pytest.mark.parametrize(
    "document",
    [
        {
            "@context": [VC_V2, EXAMPLES_V2],
            "type": ["VerifiableCredential", "ExampleAlumniCredential"],
            "issuer": "did:example:issuer",
            "validFrom": "2024-01-01T00:00:00Z",
            "credentialSubject": {"id": "did:example:abc", "alumniOf": {"name": "École"}},
        },
        {
            "@context": [VC_V2, DATA_INTEGRITY_V2],
            "type": "DataIntegrityProof",
            "cryptosuite": "eddsa-rdfc-2022",
            "created": "2024-03-14T20:43:05Z",
            "verificationMethod": "did:key:z6Mk#z6Mk",
            "proofPurpose": "assertionMethod",
        },
    ],
    ids=["examples context (@vocab)", "proof configuration"],
)
def test_other_bundled_contexts_match_stock_pyld(document: dict[str, Any]) -> None:
    before = expand_fast.stats()["fast"]
    assert _ours(document) == _stock(document)
    assert expand_fast.stats()["fast"] == before + 1


@pytest.mark.parametrize(
    "tags",
    [[f"t{k}" for k in range(30)], ["a", "b", "c", "a", "b", "a"] * 3, []],
    ids=["distinct", "repeated", "none"],
)
def test_work_budget_charged_as_stock_pyld_charges_it(tags: list[str]) -> None:
    document = common_shape()
    document["credentialSubject"]["achievement"]["tag"] = tags
    document["evidence"] = [{"type": ["Evidence"], "name": f"e{k}"} for k in range(5)]
    fast = WorkBudget()
    canonical_nquads(copy.deepcopy(document), budget=fast)
    stock = WorkBudget()
    with switched_off():
        canonical_nquads(copy.deepcopy(document), budget=stock)
    assert fast.spent == stock.spent


@pytest.mark.parametrize("name", sorted(GRAPHS))
def test_work_budget_charged_as_stock_pyld_charges_it_with_graphs(name: str) -> None:
    document = _doc(GRAPHS[name])
    document["credentialSubject"]["achievement"]["tag"] = ["a", "b", "a", "c", "b"]
    fast = WorkBudget()
    canonical_nquads(copy.deepcopy(document), budget=fast)
    stock = WorkBudget()
    with switched_off():
        canonical_nquads(copy.deepcopy(document), budget=stock)
    assert fast.spent == stock.spent


def test_budget_spent_before_a_fallback_is_given_back() -> None:
    document = common_shape()
    document["credentialSubject"]["achievement"]["tag"] = ["a", "b", "c", "d"]
    document["credentialSubject"]["achievement"]["resultDescription"] = [
        {"id": "urn:uuid:r", "type": ["ResultDescription"], "allowedValue": ["A", "B"]}
    ]
    fast = WorkBudget()
    canonical_nquads(copy.deepcopy(document), budget=fast)
    stock = WorkBudget()
    with switched_off():
        canonical_nquads(copy.deepcopy(document), budget=stock)
    assert fast.spent == stock.spent


def test_budget_exhausted_on_the_fast_path_is_refused() -> None:
    document = common_shape()
    document["credentialSubject"]["achievement"]["tag"] = [f"t{k}" for k in range(40)]
    with pytest.raises(CanonicalizationRefused):
        canonical_nquads(document, budget=WorkBudget(limit=10))


def test_switched_off_the_stock_path_runs() -> None:
    before = expand_fast.stats()["fast"], rdfc_fast.stats()["fast"]
    with switched_off():
        canonical_nquads(common_shape())
    assert (expand_fast.stats()["fast"], rdfc_fast.stats()["fast"]) == before


def test_contexts_not_from_pyld_cache_fall_back() -> None:
    from sexto.credentials.ob3 import pyld_cache

    pyld_cache.uninstall()
    try:
        before = expand_fast.stats()["fast"]
        assert canonical_nquads(common_shape()) == _stock(common_shape())
        assert expand_fast.stats()["fast"] == before
    finally:
        pyld_cache.install()


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_shapes_refused_for_the_same_reason_either_way(name: str) -> None:
    document, _check, _words = HOSTILE[name]()
    document = unsecured(document)

    def outcome() -> str:
        try:
            return canonical_nquads(copy.deepcopy(document))
        except CanonicalizationRefused as refused:
            return "refused: " + refused.reason
        except jsonld.JsonLdError as error:
            return "error: " + str(error.type)

    fast = outcome()
    with switched_off():
        stock = outcome()
    assert fast == stock


def test_threads_sharing_the_tables_get_the_same_answers() -> None:
    from concurrent.futures import ThreadPoolExecutor

    from tests.credentials.ob3.test_canon_fast import _generated

    documents = _generated(60, seed=23)
    expected = [_ours(document) for document in documents]
    expand_fast.clear()
    with ThreadPoolExecutor(max_workers=4) as pool:
        got = list(pool.map(_ours, documents * 3))
    assert got == expected * 3


@pytest.mark.django_db
def test_our_endorsed_badge_takes_the_fast_path(asantos_award: Any) -> None:  # noqa: F811
    """Our badge embeds a signed EndorsementCredential: its proof sits under VC 2.0's
    ``@container: @graph``, which the expander handles (issue 17, named graphs)."""
    import json

    from sexto.credentials import services

    credential = json.loads(services.credential_for(asantos_award).signed)
    assert credential["endorsement"][0]["proof"], "the demo award carries its signed endorsement"
    document = unsecured(credential)
    before = expand_fast.stats()["fast"], rdfc_fast.stats()["fast"]
    assert _ours(document) == _stock(document)
    assert (expand_fast.stats()["fast"], rdfc_fast.stats()["fast"]) == (
        before[0] + 1,
        before[1] + 1,
    )
