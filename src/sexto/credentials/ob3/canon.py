"""Bounded RDFC-1.0 canonicalisation: any document up to the request limit is canonicalised or
refused in milliseconds, never minutes (issue 14, item 1).

Why: RDFC-1.0's Hash N-Degree Quads step tries every permutation of blank nodes whose
first-degree hashes collide: a 1.9 KB credential with 8 blank nodes all linked to one another
makes pyld run for minutes. pyld's node map also compares every value of a property with every
other one: 10 000 values take minutes too. And the public verify API is anonymous. So every
canonicalisation (signing, import, the verify page, the API) goes through ``canonical_nquads``,
which bounds the work in three layers, each failing closed with ``CanonicalizationRefused`` (a
``ValueError`` carrying a reason meant for the verifier's answer):

1. the JSON itself (``document_bounds_check``, ``jsonld_shape_check``): nesting depth, number
   of objects and of values; ``@context`` only at the top level, as context URLs (an embedded
   credential may repeat some of them: an OB 3.0 ``endorsement``); no
   ``@graph``, ``@included``, ``@reverse`` or ``@nest`` (none of them is part of a VC 2.0 /
   OB 3.0 credential, and each lets a small body reshape the RDF graph);
2. the RDF dataset pyld builds from it (``dataset_check``): number of quads and blank nodes, no
   blank-node cycle, and — when the credential claims Open Badges 3.0 — every property defined
   by the bundled contexts (no undefined term caught by VC 2.0's ``@vocab``, no full-IRI
   property, no dropped term);
3. a work budget (``WorkBudget``) charged inside pyld while it works: each duplicate check
   while pyld builds its node map (quadratic in the values one node has for one property,
   merged from wherever the document describes that node), and each Hash N-Degree Quads call
   and permutation tried by RDFC-1.0 (``BoundedURDNA2015``).

None of the three changes the algorithm: when a document is accepted its canonical N-Quads are
byte for byte pyld's (tests/credentials/ob3/test_pyld_cache.py, test_vectors.py, and
test_canon.py for a graph that needs Hash N-Degree Quads). Written against pyld 3.3.0's
internals (``URDNA2015.hash_n_degree_quads``, ``JsonLdProcessor.compare_values``): check them
again when pyld is upgraded.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from contextvars import ContextVar
from functools import cache
from typing import Any

from pyld import jsonld
from pyld.canon import URDNA2015, permutations
from pyld.context_resolver import ContextResolver
from pyld.identifier_issuer import IdentifierIssuer

from sexto.credentials.ob3 import expand_fast, pyld_cache, rdfc_fast
from sexto.credentials.ob3.loader import bundled_contexts, bundled_document_loader

# Our credentials and the foreign ones in the tests have about 100 JSON values (keys, items,
# scalars), a dozen objects and blank nodes, nesting 6 deep, 40 quads, and need fewer than 5
# units of work. pyld spends 0.1 to 0.3 ms per value, so MAX_VALUES bounds the linear part of
# a verify near 0.2 s; the budget bounds the rest.
MAX_DEPTH = 24
MAX_OBJECTS = 200
MAX_VALUES = 1000
MAX_QUADS = 1000
MAX_BLANK_NODES = 100
# Units: a duplicate check costs 1 (about 5 µs), a Hash N-Degree Quads call or a permutation
# tried costs HASH_N_DEGREE_UNITS (each about ten times as long). 10 000 units ≈ 50 ms: room
# for 140 values of one property, or a clique of 4 blank nodes.
MAX_WORK = 10_000
HASH_N_DEGREE_UNITS = 10

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDF_FIRST = "http://www.w3.org/1999/02/22-rdf-syntax-ns#first"
RDF_REST = "http://www.w3.org/1999/02/22-rdf-syntax-ns#rest"
OB_CONTEXT_PREFIX = "https://purl.imsglobal.org/spec/ob/v3p0/"
OB_TYPES = {"OpenBadgeCredential", "AchievementCredential"}
REFUSED_KEYWORDS = ("@graph", "@included", "@reverse", "@nest")


class CanonicalizationRefused(ValueError):
    """The document is refused before or during canonicalisation; ``reason`` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class WorkBudget:
    """Units of work left to one canonicalisation; spending past the limit refuses it."""

    def __init__(self, limit: int = MAX_WORK) -> None:
        self.limit = limit
        self.spent = 0

    def charge(self, units: int = 1) -> None:
        self.spent += units
        if self.spent > self.limit:
            raise CanonicalizationRefused(
                f"too complex to canonicalise (more than {self.limit} steps: repeated values or"
                " blank nodes that cannot be told apart)"
            )


# The budget of the canonicalisation running in this thread (None outside canonical_nquads:
# other pyld uses are not charged).
_budget: ContextVar[WorkBudget | None] = ContextVar("canonicalisation_budget", default=None)
_original_compare_values = jsonld.JsonLdProcessor.compare_values


def _charged_compare_values(v1: Any, v2: Any) -> bool:
    # pyld compares each value added to a node's property with every value already there
    # (JsonLdProcessor.has_value): n values cost n²/2 of these calls.
    budget = _budget.get()
    if budget is not None:
        budget.charge()
    return bool(_original_compare_values(v1, v2))


def install() -> None:
    """Charge pyld's duplicate checks to the running budget (idempotent)."""
    jsonld.JsonLdProcessor.compare_values = staticmethod(_charged_compare_values)


def claims_open_badges(document: dict[str, Any]) -> bool:
    """True when the document names the OB 3.0 context or an OB 3.0 credential type."""
    contexts = document.get("@context")
    contexts = contexts if isinstance(contexts, list) else [contexts]
    if any(isinstance(c, str) and c.startswith(OB_CONTEXT_PREFIX) for c in contexts):
        return True
    types = document.get("type")
    types = types if isinstance(types, list) else [types]
    return any(isinstance(t, str) and t in OB_TYPES for t in types)


def _repeats_top_contexts(contexts: Any, top_urls: set[str]) -> bool:
    """An embedded credential (an OB 3.0 ``endorsement``) carries its own ``@context``: accepted
    when it only names, as URLs, contexts the top of the document already names, so it defines
    nothing the top did not."""
    listed = contexts if isinstance(contexts, list) else [contexts]
    return bool(listed) and all(isinstance(c, str) and c in top_urls for c in listed)


def _scan(document: Any, *, jsonld_rules: bool) -> None:
    """One iterative pass (no recursion limit however deep the input): size limits, and with
    ``jsonld_rules`` the JSON-LD features refused below the top level.

    Counts every value once, as the stack-of-every-value version did (each object, array and
    scalar, plus one per object key; a container when it is visited, a scalar where it is
    found), so the same limit is reported first."""
    objects = 0
    values = 0
    top = document.get("@context") if isinstance(document, dict) else None
    top_urls = {c for c in (top if isinstance(top, list) else [top]) if isinstance(c, str)}
    stack: list[tuple[Any, int]] = [(document, 1)]
    pop, push = stack.pop, stack.append
    while stack:
        value, depth = pop()
        values += 1
        if depth > MAX_DEPTH:
            raise CanonicalizationRefused(f"nested more than {MAX_DEPTH} levels deep")
        if isinstance(value, dict):
            objects += 1
            values += len(value)
            if objects > MAX_OBJECTS:
                raise CanonicalizationRefused(f"more than {MAX_OBJECTS} JSON objects")
            if jsonld_rules:
                if (
                    "@context" in value
                    and value is not document
                    and not _repeats_top_contexts(value["@context"], top_urls)
                ):
                    raise CanonicalizationRefused(
                        "@context is accepted only at the top of the credential, not inside it"
                        " (an embedded endorsement may only repeat the top's context URLs)"
                    )
                for keyword in REFUSED_KEYWORDS:
                    if keyword in value:
                        raise CanonicalizationRefused(f"{keyword} is not accepted in a credential")
            children: Any = value.values()
        elif isinstance(value, list):
            children = value
        else:
            children = ()
        depth += 1
        for child in children:
            if isinstance(child, (dict, list)):
                push((child, depth))
            else:
                values += 1
                if depth > MAX_DEPTH:
                    raise CanonicalizationRefused(f"nested more than {MAX_DEPTH} levels deep")
        if values > MAX_VALUES:
            raise CanonicalizationRefused(f"more than {MAX_VALUES} JSON values")


def document_bounds_check(document: Any) -> None:
    """Refuse JSON too deep or too large to be a credential (cheap: one pass, no JSON-LD)."""
    _scan(document, jsonld_rules=False)


def jsonld_shape_check(document: dict[str, Any]) -> None:
    """``document_bounds_check``, and refuse JSON-LD features a credential does not use and
    that reshape the graph cheaply: contexts other than URLs at the top, ``@graph``,
    ``@included``, ``@reverse``, ``@nest``."""
    contexts = document.get("@context")
    for context in contexts if isinstance(contexts, list) else [contexts]:
        if context is not None and not isinstance(context, str):
            raise CanonicalizationRefused(
                "@context must list context URLs; inline context definitions are not accepted"
            )
    _scan(document, jsonld_rules=True)


@cache
def defined_properties() -> frozenset[str]:
    """Every property IRI the bundled contexts define, type- and property-scoped ones included."""
    processor = jsonld.JsonLdProcessor()
    options = _options()
    found = {RDF_TYPE, RDF_FIRST, RDF_REST}
    seen: set[int] = set()

    def collect(active: dict[str, Any]) -> None:
        for definition in active.get("mappings", {}).values():
            if not definition:
                continue
            if isinstance(definition.get("@id"), str) and not definition["@id"].startswith("@"):
                found.add(definition["@id"])
            scoped = definition.get("@context")
            if scoped is not None and id(scoped) not in seen:
                seen.add(id(scoped))
                collect(processor._process_context(active, scoped, options, True))

    initial = processor._get_initial_context(options)
    for url in bundled_contexts():
        collect(processor.process_context(initial, url, options))
    return frozenset(found)


def _options() -> dict[str, Any]:
    # What jsonld.normalize passes to to_rdf, so the dataset is the one stock pyld builds.
    return {
        "algorithm": "URDNA2015",
        "base": "",
        "documentLoader": bundled_document_loader,
        "contextResolver": ContextResolver(jsonld._resolved_context_cache, bundled_document_loader),
        "extractAllScripts": True,
        "processingMode": "json-ld-1.1",
        "produceGeneralizedRdf": False,
    }


def _find(parent: dict[str, str], node: str) -> str:
    while parent[node] != node:
        parent[node] = parent[parent[node]]
        node = parent[node]
    return node


def dataset_check(dataset: dict[str, list[dict[str, Any]]], *, open_badges: bool) -> None:
    """Refuse datasets too large, with too many blank nodes or a blank-node cycle, and (for an
    OB 3.0 credential) any property the bundled contexts do not define."""
    statements_check(
        (
            (
                triple["predicate"]["value"],
                triple["subject"]["value"] if triple["subject"]["type"] == "blank node" else None,
                triple["object"]["value"] if triple["object"]["type"] == "blank node" else None,
            )
            for triples in dataset.values()
            for triple in triples
        ),
        count=sum(len(triples) for triples in dataset.values()),
        open_badges=open_badges,
        graph_blank_nodes={name for name in dataset if name.startswith("_:")},
    )


def rows_check(rows: list[tuple[Any, ...]], *, open_badges: bool) -> None:
    """``dataset_check`` for the statements expand_fast.py emits (a named graph is a blank node
    named in a row's 6th place; expand_fast emits no graph without statements)."""
    statements_check(
        ((row[4], row[0], row[2]) for row in rows),
        count=len(rows),
        open_badges=open_badges,
        graph_blank_nodes={row[5] for row in rows if row[5] is not None},
    )


def statements_check(
    statements: Iterable[tuple[str, str | None, str | None]],
    *,
    count: int,
    open_badges: bool,
    graph_blank_nodes: set[str],
) -> None:
    """The checks of ``dataset_check`` over (predicate IRI, blank subject or None, blank object
    or None) for each statement, in order."""
    if count > MAX_QUADS:
        raise CanonicalizationRefused(f"more than {MAX_QUADS} statements")
    allowed = defined_properties() if open_badges else None
    blank: set[str] = graph_blank_nodes
    parent: dict[str, str] = {}
    for predicate, s_blank, o_blank in statements:
        if allowed is not None and predicate not in allowed:
            raise CanonicalizationRefused(
                f"property {predicate!r} is not defined by the Open Badges 3.0 or VC 2.0 contexts"
            )
        if s_blank is None and o_blank is None:
            continue
        ends = [end for end in (s_blank, o_blank) if end is not None]
        blank.update(ends)
        if len(blank) > MAX_BLANK_NODES:
            raise CanonicalizationRefused(f"more than {MAX_BLANK_NODES} blank nodes")
        if len(ends) != 2:
            continue
        # Nested JSON objects always form a tree of blank nodes (one link into each); a
        # cycle, or a node reached twice, needs explicit "_:" labels and is what makes
        # canonicalisation explode. pyld has already merged identical statements.
        for end in ends:
            parent.setdefault(end, end)
        a, b = _find(parent, ends[0]), _find(parent, ends[1])
        if a == b:
            raise CanonicalizationRefused("blank nodes form a cycle")
        parent[a] = b


class BoundedURDNA2015(URDNA2015):  # type: ignore[misc]
    """pyld's URDNA2015 with a work budget on Hash N-Degree Quads (RDFC-1.0 advises one
    against poison graphs). ``hash_n_degree_quads`` is pyld 3.3.0's, with the budget charged
    once per call and once per permutation; nothing else differs."""

    def __init__(self, *, budget: WorkBudget) -> None:
        super().__init__()
        self.budget = budget

    def hash_n_degree_quads(self, id_: str, issuer: IdentifierIssuer) -> dict[str, Any]:
        self.budget.charge(HASH_N_DEGREE_UNITS)
        hash_to_related = self.create_hash_to_related(id_, issuer)
        md = self.create_hash()
        for hash_, blank_nodes in sorted(hash_to_related.items()):
            md.update(hash_.encode("utf8"))
            chosen_path = ""
            chosen_issuer = None
            for permutation in permutations(blank_nodes):
                self.budget.charge(HASH_N_DEGREE_UNITS)
                issuer_copy = copy.deepcopy(issuer)
                path = ""
                recursion_list = []
                skip = False
                for related in permutation:
                    if self.canonical_issuer.has_id(related):
                        path += self.canonical_issuer.get_id(related)
                    else:
                        if not issuer_copy.has_id(related):
                            recursion_list.append(related)
                        path += issuer_copy.get_id(related)
                    if chosen_path and len(path) >= len(chosen_path) and path > chosen_path:
                        skip = True
                        break
                if skip:
                    continue
                for related in recursion_list:
                    result = self.hash_n_degree_quads(related, issuer_copy)
                    path += issuer_copy.get_id(related)
                    path += "<" + result["hash"] + ">"
                    issuer_copy = result["issuer"]
                    if chosen_path and len(path) >= len(chosen_path) and path > chosen_path:
                        skip = True
                        break
                if skip:
                    continue
                if not chosen_path or path < chosen_path:
                    chosen_path = path
                    chosen_issuer = issuer_copy
            md.update(chosen_path.encode("utf8"))
            issuer = chosen_issuer
        return {"hash": md.hexdigest(), "issuer": issuer}


def _fast_canonical(document: dict[str, Any], *, processor: Any, budget: WorkBudget) -> str | None:
    """Canonical N-Quads from the specialised expander (expand_fast.py) and the RDFC-1.0
    shortcut (rdfc_fast.py), checked like the stock path (``rows_check`` is ``dataset_check``);
    None when either is switched off, when pyld_cache is not installed, when the document needs
    stock pyld, or when blank nodes need Hash N-Degree Quads (the budget spent here is then
    given back: the stock path charges its own)."""
    if not (expand_fast.ENABLED and rdfc_fast.ENABLED and pyld_cache.installed()):
        return None
    spent = budget.spent
    try:
        rows = expand_fast.to_rows(document, processor=processor, options=_options(), budget=budget)
    except expand_fast.Fallback:
        return None
    except CanonicalizationRefused:
        raise  # the work budget, charged as pyld's node map charges it
    except Exception:
        # Anything else pyld raised (an unknown context, invalid JSON-LD): stock pyld answers,
        # with its own error, exactly as it always did.
        budget.spent = spent
        return None
    rows_check(rows, open_badges=claims_open_badges(document))
    canonical = rdfc_fast.canonical_rows(rows)
    if canonical is None:
        budget.spent = spent
    return canonical


def canonical_nquads(document: dict[str, Any], *, budget: WorkBudget | None = None) -> str:
    """RDFC-1.0 canonical N-Quads of ``document`` (bundled contexts only), bounded as the module
    docstring says. Raises ``CanonicalizationRefused``, or ``pyld.jsonld.JsonLdError`` for
    invalid JSON-LD and unknown contexts (as ``jsonld.normalize`` does)."""
    if not isinstance(document, dict):
        raise CanonicalizationRefused("a credential must be a JSON object")
    jsonld_shape_check(document)
    open_badges = claims_open_badges(document)
    budget = budget or WorkBudget()
    dropped: list[str | None] = []
    processor = jsonld.JsonLdProcessor(on_property_dropped=dropped.append)
    token = _budget.set(budget)
    try:
        canonical = _fast_canonical(document, processor=processor, budget=budget)
        if canonical is None:
            try:
                dataset = processor.to_rdf(document, _options())
            except jsonld.JsonLdError as cause:
                # The same error jsonld.normalize raises, so reasons read as before.
                raise jsonld.JsonLdError(
                    "Could not convert input to RDF dataset before normalization.",
                    "jsonld.NormalizeError",
                ) from cause
            if open_badges and dropped:
                raise CanonicalizationRefused(
                    f"term {dropped[0]!r} is not defined by the Open Badges 3.0 or VC 2.0 contexts"
                )
            dataset_check(dataset, open_badges=open_badges)
            canonical = rdfc_fast.canonical_nquads(dataset) if rdfc_fast.ENABLED else None
            if canonical is None:
                canonical = BoundedURDNA2015(budget=budget).main(
                    dataset, {"algorithm": "URDNA2015", "format": "application/n-quads"}
                )
    finally:
        _budget.reset(token)
    return str(canonical)


install()
