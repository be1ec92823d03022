"""Bounded canonicalisation (canon.py, issue 14 item 1): hostile credentials are refused in well
under a second, as the attacker sends them, and normal credentials are untouched."""

from __future__ import annotations

import copy
import time
from typing import Any

import pytest

from sexto.credentials.ob3 import canon, credential_sign, credential_verify, key_resolver
from sexto.credentials.ob3.canon import CanonicalizationRefused, WorkBudget, canonical_nquads
from sexto.credentials.ob3.dataintegrity import canonicalize
from tests.credentials.ob3.hostile_shapes import (
    CREATED,
    FULL_IRI,
    HOSTILE,
    KEY,
    NOW,
    VM,
    attacker_signed,
    clique,
    ob,
    plain_vc,
    stock_nquads,
    with_subject,
)
from tests.credentials.ob3.ob3_factory import common_shape, varied

SECOND = 1.0


def _verify(document: Any) -> Any:
    return credential_verify(document, resolve_key=key_resolver(lambda did: None), now=NOW)


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_credential_is_refused_quickly_with_a_reason(name: str) -> None:
    document, check, words = HOSTILE[name]()
    start = time.perf_counter()
    result = _verify(document)
    elapsed = time.perf_counter() - start
    assert result.verified is False
    assert result.check(check).status == "failed"
    assert words in result.check(check).reason
    assert elapsed < SECOND, f"{name}: {elapsed:.2f} s"


def test_the_same_bounds_refuse_signing() -> None:
    """Signing (and so the import, which signs each award) canonicalises through the bounds."""
    with pytest.raises(CanonicalizationRefused, match="not defined"):
        credential_sign(
            with_subject(**{FULL_IRI: clique(8)}),
            private_key=KEY,
            verification_method=VM,
            created=CREATED,
        )


def test_the_work_budget_stops_rdfc_even_without_the_other_bounds(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Last line: with the cycle and term checks gone, the clique still stops in RDFC-1.0."""
    monkeypatch.setattr(canon, "dataset_check", lambda dataset, open_badges: None)
    budget = WorkBudget()
    start = time.perf_counter()
    with pytest.raises(CanonicalizationRefused, match="too complex to canonicalise"):
        canonical_nquads(plain_vc({FULL_IRI: clique(8)}), budget=budget)
    assert time.perf_counter() - start < SECOND
    assert budget.spent > budget.limit


def test_a_small_clique_within_budget_is_canonicalised_as_stock_pyld(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The budgeted Hash N-Degree Quads is pyld's: same N-Quads when it has to run."""
    monkeypatch.setattr(canon, "dataset_check", lambda dataset, open_badges: None)
    document = plain_vc({FULL_IRI: clique(4)})
    budget = WorkBudget()
    assert canonical_nquads(copy.deepcopy(document), budget=budget) == stock_nquads(document)
    assert budget.spent > 0  # the permutations ran


def test_normal_credentials_spend_almost_nothing() -> None:
    for document in [common_shape(), *varied(24)]:
        budget = WorkBudget()
        assert canonical_nquads(copy.deepcopy(document), budget=budget) == canonicalize(document)
        assert budget.spent < 10


def test_other_pyld_uses_are_not_charged() -> None:
    """The duplicate-check hook charges only inside canonical_nquads."""
    many = plain_vc({"id": "did:example:x", FULL_IRI: [f"v{i}" for i in range(400)]})
    assert stock_nquads(many)


def test_attacker_signed_shapes_verify_when_the_bounds_allow_them() -> None:
    """The attacker's signature is sound: refusals above come from the bounds, not the key."""
    assert _verify(attacker_signed(ob())).verified is True


def _scan_before(document: Any, *, jsonld_rules: bool) -> None:
    """The bounds check as it was before issue 17's speed work (every value on the stack), with
    the embedded endorsement's rule (it may repeat the top's context URLs)."""
    objects = values = 0
    top = document.get("@context") if isinstance(document, dict) else None
    top_urls = {c for c in (top if isinstance(top, list) else [top]) if isinstance(c, str)}
    stack: list[tuple[Any, int]] = [(document, 1)]
    while stack:
        value, depth = stack.pop()
        values += 1
        if depth > canon.MAX_DEPTH:
            raise CanonicalizationRefused(f"nested more than {canon.MAX_DEPTH} levels deep")
        if isinstance(value, dict):
            objects += 1
            values += len(value)
            if objects > canon.MAX_OBJECTS:
                raise CanonicalizationRefused(f"more than {canon.MAX_OBJECTS} JSON objects")
            if jsonld_rules:
                if (
                    "@context" in value
                    and value is not document
                    and not canon._repeats_top_contexts(value["@context"], top_urls)
                ):
                    raise CanonicalizationRefused(
                        "@context is accepted only at the top of the credential, not inside it"
                        " (an embedded endorsement may only repeat the top's context URLs)"
                    )
                for keyword in canon.REFUSED_KEYWORDS:
                    if keyword in value:
                        raise CanonicalizationRefused(f"{keyword} is not accepted in a credential")
            stack.extend((v, depth + 1) for v in value.values())
        elif isinstance(value, list):
            stack.extend((v, depth + 1) for v in value)
        if values > canon.MAX_VALUES:
            raise CanonicalizationRefused(f"more than {canon.MAX_VALUES} JSON values")


def _outcome(scan: Any, document: Any, jsonld_rules: bool) -> str:
    try:
        scan(document, jsonld_rules=jsonld_rules)
    except CanonicalizationRefused as refused:
        return refused.reason
    return "accepted"


def _edges() -> list[Any]:
    def deep(levels: int, leaf: Any) -> Any:
        for _ in range(levels):
            leaf = {"a": leaf}
        return leaf

    return [
        "scalar",
        [],
        deep(23, "x"),
        deep(24, "x"),
        deep(23, {}),
        deep(24, {}),
        deep(23, [1]),
        [[[]]] * 10,
        {"k": list(range(998))},
        {"k": list(range(999))},
        [{"a": 1}] * 199,
        [{"a": 1}] * 201,
        [{}] * 200,
        {"x": [{"@graph": []}]},
        {"@context": "u", "x": {"@context": "v"}},
    ]


def _random_json(rng: Any, depth: int) -> Any:
    roll = rng.random()
    if depth > 30 or roll < 0.3:
        return rng.choice(["s", 1, None, True, 2.5])
    width = rng.choice([0, 1, 1, 1, 2, 2, 3]) if depth > 3 else rng.choice([1, 3, 40, 300])
    if width > 3:
        return [rng.choice([{"a": 1}, "s", [0]]) for _ in range(width)]
    if roll < 0.65:
        return [_random_json(rng, depth + 1) for _ in range(width)]
    keys = ["a", "b", "@context", "@graph", "c", "@nest"]
    return {
        rng.choice(keys) + str(k): _random_json(rng, depth + 1) for k in range(min(width, 12))
    } | ({"@graph": 1} if rng.random() < 0.05 else {})


@pytest.mark.parametrize("jsonld_rules", [False, True])
def test_bounds_check_answers_as_before(jsonld_rules: bool) -> None:
    import random

    rng = random.Random(14)
    documents = [build()[0] for build in HOSTILE.values()] + varied(24) + _edges()
    documents += [_random_json(rng, 1) for _ in range(400)]
    for document in documents:
        assert _outcome(canon._scan, document, jsonld_rules) == _outcome(
            _scan_before, document, jsonld_rules
        )
