"""IRI-expansion memo for pyld 3.3.0: the verify speed lever of issue 17 that stays exact.

Why: after the processed-context cache (pyld_cache.py), a verify of our credential spends
about half its time in JSON-LD expansion, and ``JsonLdProcessor._expand_iri`` is its largest
single cost (about 16 % of a verify: 160 calls per canonicalisation, each running two regular
expressions). With a context that never changes, the expansion of one term is always the same
IRI, so the answer can be remembered.

What: ``_expand_iri`` is wrapped. When it is called outside context processing (no
``local_ctx``) on an active context that pyld_cache holds (built from our bundled contexts, never
mutated after it was returned: see pyld_cache.py) or on pyld's frozen initial context, the result
is memoised by (active context identity, value, base, vocab). ``_expand_iri`` is a pure function
of those inputs when ``local_ctx`` is None (it only reads the active context). Anything else —
contexts loaded by a foreign loader, contexts being defined, contexts pyld creates on the
fly — runs stock pyld.

Proven byte-identical to stock pyld (no pyld_cache, no memo) on the W3C vectors, every fixture
and hundreds of generated credentials: tests/credentials/ob3/test_canon_fast.py. The hostile
input protections (canon.WorkBudget, dataset_check, the bounds checks) are untouched: they run
around pyld, and this only shortens one pure step inside it.

Not done, measured instead (docs/performance.md): a compiled RDFC-1.0 (pyoxigraph) would only
replace the ~13 % spent in pyld's canon.main, less the cost of converting pyld's dataset.
"""

from __future__ import annotations

import threading
from typing import Any

from pyld import __about__ as pyld_about
from pyld import jsonld

from sexto.credentials.ob3 import pyld_cache

PYLD_VERSION = "3.3.0"
MAX_ENTRIES = 20_000

_original_expand_iri = jsonld.JsonLdProcessor._expand_iri
_lock = threading.Lock()
# (id(active context), value, base, vocab) → (active context, result); the strong reference to
# the context keeps its id() from being reused by another object while the entry exists.
_memo: dict[tuple[int, str, Any, bool], tuple[Any, Any]] = {}
_stats = {"hits": 0, "misses": 0, "bypass": 0}


def _memoised_expand_iri(
    self: Any,
    active_ctx: Any,
    value: Any,
    base: Any = None,
    vocab: bool = False,
    local_ctx: Any = None,
    defined: Any = None,
) -> Any:
    if (
        local_ctx is not None
        or type(value) is not str
        or (base is not None and type(base) is not str)
        or not pyld_cache._is_known(active_ctx)
    ):
        _stats["bypass"] += 1
        return _original_expand_iri(self, active_ctx, value, base, vocab, local_ctx, defined)
    key = (id(active_ctx), value, base, bool(vocab))
    entry = _memo.get(key)
    if entry is not None and entry[0] is active_ctx:
        _stats["hits"] += 1
        return entry[1]
    _stats["misses"] += 1
    result = _original_expand_iri(self, active_ctx, value, base, vocab, None, defined)
    with _lock:
        if len(_memo) >= MAX_ENTRIES:
            _memo.clear()
        _memo[key] = (active_ctx, result)
    return result


def memo_clear() -> None:
    """Forget every memoised expansion (tests use it to measure cold behaviour)."""
    _memo.clear()


def memo_stats() -> dict[str, int]:
    return dict(_stats, entries=len(_memo))


def install() -> None:
    """Wrap pyld's IRI expansion (idempotent); only with the pinned pyld version."""
    if getattr(jsonld.JsonLdProcessor._expand_iri, "_sexto_memo", False):
        return
    if pyld_about.__version__ != PYLD_VERSION:
        return
    _memoised_expand_iri._sexto_memo = True  # type: ignore[attr-defined]
    jsonld.JsonLdProcessor._expand_iri = _memoised_expand_iri


def uninstall() -> None:
    """Restore stock pyld (used by the equivalence tests and the bench)."""
    jsonld.JsonLdProcessor._expand_iri = _original_expand_iri
    memo_clear()
