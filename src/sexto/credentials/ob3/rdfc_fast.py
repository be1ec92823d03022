"""RDFC-1.0 for the common case, answering exactly as pyld 3.3.0's ``URDNA2015.main`` (issue 17).

Why: once expand_fast.py builds the dataset, pyld's RDFC-1.0 is the largest remaining cost of a
verify (about 40 %): it deep-copies every blank node component it hashes and serialises each
quad twice through generic code.

What: when every blank node's Hash First Degree Quads is unique — a credential's nested objects
always are, unless two of them say exactly the same thing — RDFC-1.0 needs nothing else: the
canonical identifiers are issued in the order of those hashes (steps 4–5), and the canonical
N-Quads are the quads relabelled and sorted (step 7). ``canonical_rows`` does exactly that
(on expand_fast's statements; ``canonical_nquads`` on a pyld dataset),
serialising as pyld's ``serialize_nquad`` does (same ``escape``, same language and datatype
rules, control characters written raw as pyld writes them). When two hashes collide (Hash
N-Degree Quads would be needed) it returns None and the caller runs pyld's
``canon.BoundedURDNA2015`` with its work budget, unchanged.

Blank graph names (expand_fast.py's named graphs: embedded proofs) are blank nodes like the others:
``_:a``/``_:z`` in the first-degree hash, relabelled in the output (RDFC-1.0 4.6.3 step 3.1.1).

Proven byte-identical to pyld on every document of tests/credentials/ob3/test_canon_fast.py and
test_expand_fast.py (which also cover the collision case). Switch: ``ENABLED``.
"""

from __future__ import annotations

import hashlib
from typing import Any

from pyld import __about__ as pyld_about
from pyld.nquads import RDF_LANGSTRING, XSD_STRING, escape

PYLD_VERSION = "3.3.0"
# Serialises as pyld 3.3.0's serialize_nquad does (control characters raw): another pyld may
# escape differently, so the shortcut only runs with the version it was proven against.
ENABLED = pyld_about.__version__ == PYLD_VERSION
CANONICAL_PREFIX = "_:c14n"
_stats = {"fast": 0, "fallback": 0}


def stats() -> dict[str, int]:
    return dict(_stats)


def _term(component: dict[str, Any]) -> str:
    kind = component["type"]
    if kind == "IRI":
        return "<" + str(component["value"]) + ">"
    if kind == "blank node":
        return str(component["value"])
    text = '"' + escape(component["value"]) + '"'
    datatype = component["datatype"]
    if datatype == RDF_LANGSTRING:
        if component.get("language"):
            text += "@" + component["language"]
    elif datatype != XSD_STRING:
        text += "^^<" + datatype + ">"
    return str(text)


# (blank subject or None, head, blank object or None, object text, predicate IRI, blank graph
# name or None)
Row = tuple[Any, ...]


def canonical_nquads(dataset: dict[str, list[dict[str, Any]]]) -> str | None:
    """Canonical N-Quads of a default-graph dataset (pyld's structure), or None when blank
    nodes cannot be told apart by their first-degree hashes (or the dataset has named graphs)."""
    if set(dataset) != {"@default"}:
        _stats["fallback"] += 1
        return None
    rows: list[Row] = []
    for triple in dataset["@default"]:
        subject, obj = triple["subject"], triple["object"]
        middle = " <" + triple["predicate"]["value"] + "> "
        if subject["type"] == "blank node":
            s_blank = subject["value"]
            head = middle
        else:
            s_blank = None
            head = "<" + subject["value"] + ">" + middle
        kind = obj["type"]
        if kind == "blank node":
            rows.append((s_blank, head, obj["value"], "", None, None))
        else:
            text = "<" + obj["value"] + ">" if kind == "IRI" else _term(obj)
            rows.append((s_blank, head, None, text, None, None))
    return canonical_rows(rows)


def canonical_rows(rows: list[Row]) -> str | None:
    """Canonical N-Quads of statements given as rows: a blank subject label or None, the
    N-Quads text before the object (subject IRI if any, predicate, spaces), a blank object label
    or None, the object's N-Quads text (when not blank), the predicate IRI (not read here) and
    the blank node naming the statement's graph, or None for the default graph. None when two
    blank nodes share a first-degree hash.

    A blank graph name is a blank node like the others (RDFC-1.0 4.7.3 step 3.1, pyld's
    ``hash_first_degree_quads``): serialised ``_:a``/``_:z`` in the quads that mention it,
    relabelled, written as the 4th term."""
    # blank node → the rows that mention it (twice for a row naming it twice, as pyld does)
    mentions: dict[str, list[Row]] = {}
    for row in rows:
        if row[0] is not None:
            mentions.setdefault(row[0], []).append(row)
        if row[2] is not None:
            mentions.setdefault(row[2], []).append(row)
        if row[5] is not None:
            mentions.setdefault(row[5], []).append(row)
    hashes: dict[str, str] = {}
    for blank, mentioning in mentions.items():
        lines = []
        for row in mentioning:
            s_blank, head, o_blank, o_text, g_blank = row[0], row[1], row[2], row[3], row[5]
            if s_blank is not None:
                head = ("_:a" if s_blank == blank else "_:z") + head
            if o_blank is not None:
                o_text = "_:a" if o_blank == blank else "_:z"
            if g_blank is not None:
                o_text += " _:a" if g_blank == blank else " _:z"
            lines.append(head + o_text + " .\n")
        lines.sort()
        digest = hashlib.sha256()
        try:
            for line in lines:
                digest.update(line.encode("utf8"))
        except UnicodeEncodeError:
            _stats["fallback"] += 1
            return None  # lone surrogates: let pyld fail as it fails
        hashes[blank] = digest.hexdigest()
    if len(set(hashes.values())) != len(hashes):
        _stats["fallback"] += 1
        return None
    canonical = {
        blank: CANONICAL_PREFIX + str(n)
        for n, blank in enumerate(sorted(hashes, key=hashes.__getitem__))
    }
    out = []
    for row in rows:
        s_blank, head, o_blank, o_text, g_blank = row[0], row[1], row[2], row[3], row[5]
        if s_blank is not None:
            head = canonical[s_blank] + head
        if o_blank is not None:
            o_text = canonical[o_blank]
        if g_blank is not None:
            o_text += " " + canonical[g_blank]
        out.append(head + o_text + " .\n")
    out.sort()
    _stats["fast"] += 1
    return "".join(out)
