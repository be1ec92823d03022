"""Specialised JSON-LD → RDF dataset for documents whose contexts are all bundled (issue 17).

Why: after pyld_cache and canon_fast, most of a verify is pyld turning the credential into an
RDF dataset: a deep copy of the input, ``expand`` (a new expanded tree), ``_create_node_map``
(a second tree, with duplicate checks) and ``_graph_to_rdf`` (sorting it all). For a document
whose contexts are bundled, every answer those steps need from the context — what a key expands
to, its ``@type`` coercion, its language, its container, its scoped context — is a pure function
of a processed context that pyld_cache already holds and never mutates.

What: ``to_rows`` walks the JSON once and emits the statements ``JsonLdProcessor.to_rdf`` would
build (blank nodes labelled ``_:b0``, …), each already in N-Quads pieces, for canon.rows_check
(dataset_check's rules) and rdfc_fast.canonical_rows (RDFC-1.0). Every context answer comes
from pyld itself: keys and values are expanded with ``JsonLdProcessor._expand_iri``, scoped
contexts are processed with ``JsonLdProcessor._process_context`` (through pyld_cache), term
definitions are read with ``JsonLdProcessor.get_context_value``; the answers are kept per
(processed context, key) in ``_tables``. The walk mirrors pyld 3.3.0's ``_expand`` /
``_expand_object`` / ``_expand_value`` (reverting type-scoped contexts, property-scoped contexts
applied twice as pyld does, type-scoped contexts from the sorted types), its node map (the same
duplicate merging, with Python's and pyld's equality, and the same work-budget charges) and
``_object_to_rdf`` and ``nquads.serialize_nquad`` (booleans, integers, doubles in canonical
form, language tags lower-cased, pyld's own ``escape``).

Named graphs: a term with ``@container: @graph`` (VC 2.0's ``proof``, so every embedded signed
credential, such as the endorsement our badges carry) wraps each node object in a graph object,
as pyld's ``_expand_object`` does; as its node map does, the graph gets a fresh blank node, the
property points at it, and the node's statements go into that graph (rows carry the graph name
in their 6th place; rdfc_fast writes it as the 4th term). Default-graph rows come first, as in
stock pyld's sorted dataset.

Anything else raises ``Fallback`` and the caller runs stock pyld from scratch: a context not held
by pyld_cache, an inline or non-bundled context, an unknown or dropped term, a keyword other than
``@id``/``@type``/``@value``/``@language``, ``@list``/``@index``/``@id``/``@type``/``@language``
containers, anything but node objects under a ``@graph`` container (strings, value objects, a
node giving no statement), reverse properties, ``@json``, ``@direction``, ``null``, nested arrays,
explicit blank node identifiers, IRIs still relative after pyld resolves them, value objects with
``@type`` or ``@index``, a string typed ``xsd:double``. The budget spent before a fallback is given
back, so stock pyld charges exactly what it always did. Statements come out in document order, not
pyld's sorted order: canonical N-Quads do not depend on it; a document breaking several dataset
rules at once could in principle be refused for another of them first (the 16 hostile shapes are
refused for the same reason either way: test_expand_fast.py).

Proven byte-identical to stock pyld (canonical N-Quads) on the W3C vectors, every fixture, 24
varied and 300 generated credentials, and shapes built to exercise each branch:
tests/credentials/ob3/test_expand_fast.py and test_canon_fast.py. Switch: ``ENABLED`` (the
tests and the bench turn it off to compare).
"""

from __future__ import annotations

import threading
from typing import Any

from pyld import jsonld, nquads

from sexto.credentials.ob3 import pyld_cache

ENABLED = True
MAX_TABLES = 4096
MAX_IRIS = 20_000

_escape = nquads.escape
_is_absolute_iri = jsonld._is_absolute_iri
_is_keyword = jsonld._is_keyword
_canonicalize_double = jsonld._canonicalize_double
_get = jsonld.JsonLdProcessor.get_context_value
RDF_TYPE = jsonld.RDF_TYPE
RDF_LANGSTRING = jsonld.RDF_LANGSTRING
XSD_BOOLEAN = jsonld.XSD_BOOLEAN
XSD_DOUBLE = jsonld.XSD_DOUBLE
XSD_INTEGER = jsonld.XSD_INTEGER
XSD_STRING = jsonld.XSD_STRING
NODE_KEYWORDS = frozenset({"@id", "@type"})
VALUE_KEYWORDS = frozenset({"@value", "@language"})
ABSENT = object()
TYPE_TEXT = " <" + RDF_TYPE + "> "


def _suffix(datatype: str) -> str:
    """What serialize_nquad writes after a literal's quoted value for a datatype."""
    return "" if datatype == XSD_STRING else "^^<" + datatype + ">"


_lock = threading.Lock()
# id(active context) → (context, {key: _Term}); the strong reference keeps id() unique.
_tables: dict[int, tuple[Any, dict[str, _Term]]] = {}
# (id(context), id(scoped context), override_protected, propagate) → (context, scoped, result)
_transitions: dict[tuple[Any, ...], tuple[Any, Any, Any]] = {}
# (id(context), value, vocab, base) → (context, absolute IRI or None): pyld's _expand_iri
# answer, checked once. _expand_iri is a pure function of these when no context is being defined.
_iris: dict[tuple[int, str, bool, str], tuple[Any, str | None]] = {}
_stats = {"fast": 0, "fallback": 0}


# (blank subject or None, N-Quads text up to the object, blank object or None, object text,
# predicate IRI, blank graph name or None)
Row = tuple[str | None, str, str | None, str, str, str | None]


class Fallback(Exception):
    """The document uses something this walker does not handle: run stock pyld."""


class _Term:
    """What pyld answers about one key in one processed context."""

    __slots__ = (
        "coerce",
        "datatype_ok",
        "error",
        "expanded",
        "graph",
        "keyword",
        "language",
        "p_text",
        "scalar_ok",
        "scoped",
        "term_ctx",
    )

    def __init__(self) -> None:
        self.expanded: str | None = None
        self.keyword = False
        self.term_ctx: Any = None
        self.coerce: Any = None
        self.datatype_ok = False  # coerce is an absolute IRI (a datatype pyld accepts)
        self.language: Any = None
        self.p_text = ""  # " <predicate> " in N-Quads
        self.scoped: Any = None  # get_context_value(term_ctx, key, '@context')
        self.scalar_ok = True
        self.graph = False  # @container @graph: each node object goes into a graph of its own
        self.error: str | None = None


def _table(ctx: Any) -> dict[str, _Term]:
    entry = _tables.get(id(ctx))
    if entry is not None and entry[0] is ctx:
        return entry[1]
    if not pyld_cache._is_known(ctx):
        raise Fallback("context not built from the bundled contexts")
    table: dict[str, _Term] = {}
    with _lock:
        if len(_tables) >= MAX_TABLES:
            _tables.clear()
            _transitions.clear()
        _tables[id(ctx)] = (ctx, table)
    return table


class _Walker:
    def __init__(self, processor: Any, options: dict[str, Any], budget: Any) -> None:
        self.processor = processor
        self.options = options
        self.budget = budget
        # (blank subject or None, N-Quads text up to the object, blank object or None, object
        # text, predicate IRI, blank graph name or None): what rdfc_fast.canonical_rows and
        # canon.rows_check read. Statements of the default graph first, then the named graphs'.
        self.rows: list[Row] = []
        self.named: list[Row] = []
        self.out = self.rows  # where statements go: self.rows, or self.named inside a graph
        self.graph: str | None = None  # the graph being walked (None: the default graph)
        # (subject, predicate) → {object key: position}: pyld's node map duplicate checks (an
        # IRI subject inside a named graph is keyed (graph, IRI): each graph has its own nodes)
        self.values: dict[tuple[Any, str], dict[Any, int]] = {}
        self.blank = 0
        # id(context) → (context, its table), for this walk
        self.tables: dict[int, tuple[Any, dict[str, _Term]]] = {}

    # -- context answers -------------------------------------------------------------------
    def table(self, ctx: Any) -> dict[str, _Term]:
        entry = self.tables.get(id(ctx))
        if entry is not None and entry[0] is ctx:
            return entry[1]
        table = _table(ctx)
        self.tables[id(ctx)] = (ctx, table)
        return table

    def term(self, ctx: Any, key: str, *, raising: bool = True) -> _Term:
        table = self.table(ctx)
        found = table.get(key)
        if found is None:
            found = table[key] = self._term(ctx, key)
        if raising and found.error is not None:
            raise Fallback(found.error)
        return found

    def _term(self, ctx: Any, key: str) -> _Term:
        processor, options = self.processor, self.options
        term = _Term()
        expanded = processor._expand_iri(ctx, key, vocab=True)
        term.expanded = expanded
        if expanded is None or not isinstance(expanded, str):
            term.error = f"key {key!r} dropped"
            return term
        if _is_keyword(expanded):
            term.keyword = True
            if expanded not in NODE_KEYWORDS and expanded not in VALUE_KEYWORDS:
                term.error = f"keyword {expanded}"
            return term
        if not _is_absolute_iri(expanded) or expanded.startswith("_:"):
            term.error = f"key {key!r} is not an absolute IRI"
            return term
        term.p_text = " <" + expanded + "> "
        mapping = ctx["mappings"].get(key)
        if mapping and mapping.get("reverse"):
            term.error = "reverse property"
            return term
        container = _get(ctx, key, "@container")
        container = container if isinstance(container, list) else [container]
        if any(c is not None and c != "@set" and c != "@graph" for c in container):
            term.error = f"container {container}"
            return term
        term.graph = "@graph" in container
        if _get(ctx, key, "@type") == "@json":
            term.error = "@json"
            return term
        term_ctx = ctx
        scoped = _get(ctx, key, "@context")
        if scoped is not None:
            term_ctx = processor._process_context(
                ctx, scoped, options, propagate=True, override_protected=True
            )
            _table(term_ctx)  # must be a context pyld_cache holds
        term.term_ctx = term_ctx
        # _expand_value and _expand look the key up again in the term's own context.
        if processor._expand_iri(term_ctx, key, vocab=True) != expanded:
            term.error = "scoped context redefines its own term"
            return term
        term.coerce = _get(term_ctx, key, "@type")
        term.datatype_ok = isinstance(term.coerce, str) and bool(_is_absolute_iri(term.coerce))
        term.language = _get(term_ctx, key, "@language")
        term.scoped = _get(term_ctx, key, "@context")
        if _get(term_ctx, key, "@direction") is not None:
            term.scalar_ok = False  # strings would carry a direction
        return term

    def expand_iri(self, ctx: Any, value: str, *, vocab: bool) -> str:
        base = self.options["base"]
        memo_key = (id(ctx), value, vocab, base)
        found = _iris.get(memo_key)
        if found is not None and found[0] is ctx:
            iri = found[1]
        else:
            iri = self.processor._expand_iri(ctx, value, base=base, vocab=vocab)
            if not isinstance(iri, str) or not _is_absolute_iri(iri) or iri.startswith("_:"):
                iri = None
            with _lock:
                if len(_iris) >= MAX_IRIS:
                    _iris.clear()
                _iris[memo_key] = (ctx, iri)
        if iri is None:
            raise Fallback("relative IRI or blank node identifier")
        return iri

    def process(self, ctx: Any, local: Any, **flags: bool) -> Any:
        result = self.processor._process_context(ctx, local, self.options, **flags)
        _table(result)
        return result

    # -- emitting ---------------------------------------------------------------------------
    def add(
        self,
        subject: tuple[Any, str | None, str],
        predicate: str,
        p_text: str,
        key: Any,
        o_blank: str | None,
        o_text: str,
    ) -> None:
        """Add one statement as pyld's node map would (allowDuplicate False), charging the
        budget the comparisons pyld's has_value makes. ``subject`` is (label, blank label or
        None, N-Quads text of an IRI subject); ``predicate`` "@type" is rdf:type from @type
        (pyld keeps it apart from a property that expands to rdf:type)."""
        label, s_blank, s_text = subject
        existing = self.values.get((label, predicate))
        if existing is None:
            self.values[(label, predicate)] = {key: 0}
        else:
            position = existing.get(key, ABSENT)
            if position is ABSENT:
                if self.budget is not None and existing:
                    self.budget.charge(len(existing))
                existing[key] = len(existing)
            else:
                if self.budget is not None:
                    self.budget.charge(position + 1)  # type: ignore[operator]
                return
        self.out.append(
            (
                s_blank,
                s_text + p_text,
                o_blank,
                o_text,
                RDF_TYPE if predicate == "@type" else predicate,
                self.graph,
            )
        )

    def literal(
        self,
        subject: tuple[Any, str | None, str],
        term: _Term,
        value: Any,
        datatype: Any,
        language: Any,
    ) -> None:
        """A literal as pyld's _object_to_rdf builds it, in N-Quads as serialize_nquad writes it."""
        # pyld's compare_values: same @value (True is not 1), @type and @language.
        key = (value, type(value) is bool, datatype, language)
        if isinstance(value, bool):
            text = ('"true"' if value else '"false"') + _suffix(datatype or XSD_BOOLEAN)
        elif isinstance(value, float) and not value.is_integer():
            text = '"' + _canonicalize_double(value) + '"' + _suffix(datatype or XSD_DOUBLE)
        elif datatype == XSD_DOUBLE:
            raise Fallback("xsd:double from a non-float")
        elif isinstance(value, (int, float)):
            if abs(value) >= 1e21:
                text = '"' + _canonicalize_double(value) + '"' + _suffix(datatype or XSD_DOUBLE)
            else:
                text = '"' + str(int(value)) + '"' + _suffix(datatype or XSD_INTEGER)
        elif isinstance(value, str):
            text = '"' + _escape(value) + '"'
            if language is not None:
                # datatype is None here (coerced values never carry a language)
                if language:
                    text += "@" + language
            else:
                text += _suffix(datatype or XSD_STRING)
        else:
            raise Fallback("unexpected value")
        self.add(subject, str(term.expanded), term.p_text, key, None, text)

    # -- walking ----------------------------------------------------------------------------
    def node_context(self, ctx: Any, element: dict[str, Any], scoped: Any) -> tuple[Any, Any, bool]:
        """pyld's _expand steps before _expand_object: (node context, type-scoped context,
        value object?)."""
        value_object = False
        must_revert = True
        previous = ctx.get("previousContext")
        if previous is not None and len(element) <= 2 and "@context" not in element:
            table = self.table(ctx)
            for key in sorted(element):
                found = table.get(key)
                if found is None:
                    found = table[key] = self._term(ctx, key)
                expanded = found.expanded
                if expanded == "@value":
                    must_revert = False
                    value_object = True
                    break
                if expanded == "@id" and len(element) == 1:
                    must_revert = False
                    break
        if must_revert and previous is not None:
            ctx = previous
        if scoped is not None:
            ctx = self.scoped(ctx, scoped, override_protected=True)
        local = element.get("@context")
        if local is not None:
            ctx = self.process(ctx, local)
        type_ctx = ctx
        table = self.table(type_ctx)
        type_keys = []
        for key in element:
            found = table.get(key)
            if found is None:
                found = table[key] = self._term(type_ctx, key)
            if found.expanded == "@type" and key != "@context":
                type_keys.append(key)
        if len(type_keys) > 1:
            type_keys.sort()
        for key in type_keys:
            value = element[key]
            values = [
                t for t in (value if isinstance(value, list) else [value]) if isinstance(t, str)
            ]
            if len(values) > 1:
                values.sort()
            for type_ in values:
                local_type = _get(type_ctx, type_, "@context")
                if local_type is not None and local_type is not False:
                    ctx = self.scoped(ctx, local_type, propagate=False)
        return ctx, type_ctx, value_object

    def scoped(
        self, ctx: Any, local: Any, *, override_protected: bool = False, propagate: bool = True
    ) -> Any:
        """_process_context for a scoped context (an object held by a term definition)."""
        memo_key = (id(ctx), id(local), override_protected, propagate)
        found = _transitions.get(memo_key)
        if found is not None and found[0] is ctx and found[1] is local:
            return found[2]
        result = self.process(
            ctx, local, override_protected=override_protected, propagate=propagate
        )
        with _lock:
            _transitions[memo_key] = (ctx, local, result)
        return result

    def element(
        self, ctx: Any, active_property: str | None, scoped: Any, element: dict[str, Any]
    ) -> tuple[Any, ...]:
        """Expand one JSON object as pyld's _expand would, emitting its statements. Returns
        ("node", object key, component) for the statement pointing at a node, or ("value",
        raw value, language) for a value object."""
        if len(element) == 0:
            raise Fallback("empty object")
        ctx, type_ctx, value_hint = self.node_context(ctx, element, scoped)
        node_id: str | None = None
        types: list[str] = []
        value: Any = ABSENT
        language: Any = ABSENT
        properties: list[tuple[str, _Term, Any]] = []
        table = self.table(ctx)
        for key, item in element.items():
            if key == "@context":
                continue
            term = table.get(key)
            if term is None:
                term = table[key] = self._term(ctx, key)
            if term.error is not None:
                raise Fallback(term.error)
            expanded = term.expanded
            if not term.keyword:
                properties.append((key, term, item))
            elif expanded == "@id":
                if node_id is not None or not isinstance(item, str):
                    raise Fallback("@id")
                node_id = self.expand_iri(ctx, item, vocab=False)
            elif expanded == "@type":
                for type_ in item if isinstance(item, list) else [item]:
                    if not isinstance(type_, str):
                        raise Fallback("@type value")
                    types.append(self.expand_iri(type_ctx, type_, vocab=True))
            elif expanded == "@value":
                if value is not ABSENT:
                    raise Fallback("two @value")
                value = item
            else:  # @language
                if language is not ABSENT or not isinstance(item, str):
                    raise Fallback("@language")
                language = item.lower()
        if value is not ABSENT or value_hint:
            if active_property is None or node_id is not None or types or properties:
                raise Fallback("value object with other keys, or at the top")
            if value is ABSENT or value is None or isinstance(value, (dict, list)):
                raise Fallback("@value")
            if language is not ABSENT and not isinstance(value, str):
                raise Fallback("language-tagged non-string")
            return ("value", value, None if language is ABSENT else language)
        if language is not ABSENT:
            raise Fallback("@language in a node")
        if active_property is None and not types and not properties:
            raise Fallback("top-level node without statements")
        if node_id is None:
            label = f"_:b{self.blank}"
            self.blank += 1
            subject: tuple[Any, str | None, str] = (label, label, "")
            reference: tuple[Any, ...] = ("node", ("@id", label), label, "")
        else:
            text = "<" + node_id + ">"
            subject = (node_id if self.graph is None else (self.graph, node_id), None, text)
            reference = ("node", ("@id", node_id), None, text)
        for type_ in types:
            self.add(subject, "@type", TYPE_TEXT, type_, None, "<" + type_ + ">")
        for key, term, item in properties:
            self.property(subject, key, term, item)
        return reference

    def property(
        self, subject: tuple[Any, str | None, str], key: str, term: _Term, item: Any
    ) -> None:
        predicate = term.expanded
        assert predicate is not None
        for one in item if isinstance(item, list) else [item]:
            if term.graph:
                self.graph_object(subject, key, term, one)
            elif isinstance(one, dict):
                found = self.element(term.term_ctx, key, term.scoped, one)
                if found[0] == "value":
                    self.literal(subject, term, found[1], None, found[2])
                else:
                    self.add(subject, predicate, term.p_text, found[1], found[2], found[3])
            elif one is None or isinstance(one, list):
                raise Fallback("null or nested array")
            else:
                self.scalar(subject, term, one)

    def graph_object(
        self, subject: tuple[Any, str | None, str], key: str, term: _Term, one: Any
    ) -> None:
        """A node object under ``@container: @graph``, as pyld 3.3.0 does it: ``_expand_object``
        wraps the expanded node in ``{"@graph": [node]}``; ``_create_node_map`` names that graph
        object with a fresh blank node, points the property at it and puts the node's statements
        in the graph it names (``_graph_to_rdf`` per graph; ``to_rdf`` keeps "_:" graph names).
        Anything else under such a term (strings, value objects, a graph with no statement)
        goes to stock pyld."""
        if not isinstance(one, dict):
            raise Fallback("graph container value that is not a node object")
        label = f"_:b{self.blank}"
        self.blank += 1
        saved = self.graph, self.out, len(self.named)
        self.graph, self.out = label, self.named
        try:
            found = self.element(term.term_ctx, key, term.scoped, one)
        finally:
            self.graph, self.out = saved[0], saved[1]
        if found[0] != "node":
            raise Fallback("value object in a graph container")
        if not any(row[5] == label for row in self.named[saved[2] :]):
            raise Fallback("graph without statements")
        self.add(subject, str(term.expanded), term.p_text, ("@id", label), label, "")

    def scalar(self, subject: tuple[Any, str | None, str], term: _Term, value: Any) -> None:
        coerce = term.coerce
        if coerce == "@id" or coerce == "@vocab":
            if not isinstance(value, str):
                raise Fallback("non-string IRI")
            iri = self.expand_iri(term.term_ctx, value, vocab=coerce == "@vocab")
            self.add(subject, str(term.expanded), term.p_text, ("@id", iri), None, "<" + iri + ">")
            return
        if coerce is not None and coerce != "@none":
            if not term.datatype_ok:
                raise Fallback("datatype")
            self.literal(subject, term, value, coerce, None)
            return
        if isinstance(value, str):
            if not term.scalar_ok:
                raise Fallback("@direction")
            self.literal(subject, term, value, None, term.language)
            return
        self.literal(subject, term, value, None, None)


def to_rows(
    document: dict[str, Any], *, processor: Any, options: dict[str, Any], budget: Any
) -> list[Row]:
    """The statements pyld's ``JsonLdProcessor.to_rdf`` would build for ``document``, as rows
    (blank subject or None, N-Quads text up to the object, blank object or None, object text,
    predicate IRI, blank graph name or None), or ``Fallback``. The budget is charged as pyld's
    node map would charge it; on ``Fallback`` the units spent here are given back."""
    spent = budget.spent if budget is not None else 0
    try:
        contexts = document.get("@context")
        for context in contexts if isinstance(contexts, list) else [contexts]:
            if not isinstance(context, str):
                raise Fallback("inline context")
        walker = _Walker(processor, options, budget)
        initial = processor._get_initial_context(options)
        walker.element(initial, None, None, document)
    except Fallback:
        if budget is not None:
            budget.spent = spent
        _stats["fallback"] += 1
        raise
    except jsonld.JsonLdError as error:
        # An unknown context, invalid JSON-LD: stock pyld raises its own error, as always.
        if budget is not None:
            budget.spent = spent
        _stats["fallback"] += 1
        raise Fallback("pyld raised an error") from error
    _stats["fast"] += 1
    if walker.named:
        return walker.rows + walker.named
    return walker.rows


def stats() -> dict[str, int]:
    return dict(_stats, tables=len(_tables), transitions=len(_transitions))


def clear() -> None:
    """Forget every table (tests use it to measure cold behaviour)."""
    with _lock:
        _tables.clear()
        _transitions.clear()
        _iris.clear()
