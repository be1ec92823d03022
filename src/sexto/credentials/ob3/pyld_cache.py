"""Processed-context cache for pyld 3.3.0 (with canon.py, the only modules using pyld internals).

Why: pyld caches a processed context on its ``ResolvedContext`` keyed by the *active
context's* ``_uuid``. Type-scoped contexts (the OB 3.0 context defines one per class:
Achievement, Profile, AchievementSubject, …) are processed against active contexts that
pyld creates afresh for every document, so that cache never hits, and every miss also
canonicalises the scoped context to build its lookup key. A verify spent ~2/3 of its time
there (PITFALLS.md, JSON-LD section).

What: ``JsonLdProcessor._process_context`` is wrapped. When the active context is one we
know for certain (pyld's process-wide initial context, or a context this cache returned
earlier and still holds) and the call comes from our bundled document loader, the result
is memoised by (active context identity, local context content, flags, base,
processingMode). Processing is a pure function of those inputs, so the cached active
context is the one pyld would have built; tests compare canonical N-Quads byte for byte
with stock pyld (tests/credentials/ob3/test_pyld_cache.py).

Safety:
- identity is only trusted for objects this module holds a strong reference to, so an id()
  can never be reused by another object while its entry exists;
- documents loaded by any other document loader go through stock pyld untouched;
- pyld never mutates an active context after ``_process_context`` returns it, except to
  add ``_uuid`` lazily — which is stable once set (and lets pyld's own inverse-context
  cache hit too);
- the cache is bounded: past ``MAX_ENTRIES`` it is emptied whole (foreign documents with
  many embedded contexts cannot grow memory without bound).
"""

from __future__ import annotations

import json
import threading
from typing import Any

from pyld import __about__ as pyld_about
from pyld import jsonld

from sexto.credentials.ob3.loader import bundled_document_loader

PYLD_VERSION = "3.3.0"
MAX_ENTRIES = 4096

_original_process_context = jsonld.JsonLdProcessor._process_context
_lock = threading.Lock()
# key → processed active context
_results: dict[tuple[Any, ...], dict[str, Any]] = {}
# id(active context) → the context itself (strong reference keeps id() unique)
_known: dict[int, dict[str, Any]] = {}
# id(local context object) → (object, content key); strong ref for the same reason
_local_keys: dict[int, tuple[Any, str]] = {}
_stats = {"hits": 0, "misses": 0, "bypass": 0}


def _local_key(local_ctx: Any) -> str:
    if isinstance(local_ctx, str):
        return "s:" + local_ctx
    entry = _local_keys.get(id(local_ctx))
    if entry is not None and entry[0] is local_ctx:
        return entry[1]
    key = "j:" + json.dumps(local_ctx, sort_keys=True, separators=(",", ":"), default=repr)
    _local_keys[id(local_ctx)] = (local_ctx, key)
    return key


def _is_known(active_ctx: Any) -> bool:
    if _known.get(id(active_ctx)) is active_ctx:
        return True
    # pyld's initial context is a frozen, process-wide singleton per processing mode.
    return any(active_ctx is initial for initial in jsonld.INITIAL_CONTEXTS.values())


def _cached_process_context(
    self: Any,
    active_ctx: Any,
    local_ctx: Any,
    options: dict[str, Any],
    override_protected: bool = False,
    propagate: bool = True,
    validate_scoped: bool = True,
    cycles: Any = None,
) -> Any:
    if options.get("documentLoader") is not bundled_document_loader or not _is_known(active_ctx):
        _stats["bypass"] += 1
        return _original_process_context(
            self,
            active_ctx,
            local_ctx,
            options,
            override_protected,
            propagate,
            validate_scoped,
            cycles,
        )
    key = (
        id(active_ctx),
        _local_key(local_ctx),
        override_protected,
        propagate,
        validate_scoped,
        options.get("base", ""),
        options.get("processingMode"),
    )
    found = _results.get(key)
    if found is not None:
        _stats["hits"] += 1
        return found
    _stats["misses"] += 1
    result = _original_process_context(
        self, active_ctx, local_ctx, options, override_protected, propagate, validate_scoped, cycles
    )
    with _lock:
        if len(_results) >= MAX_ENTRIES:
            cache_clear()
        _results[key] = result
        _known[id(result)] = result
        _known[id(active_ctx)] = active_ctx
    return result


def cache_clear() -> None:
    """Forget every processed context (tests use it to measure cold behaviour)."""
    _results.clear()
    _known.clear()
    _local_keys.clear()


def cache_stats() -> dict[str, int]:
    return dict(_stats, entries=len(_results))


def install() -> None:
    """Wrap pyld's context processing; refuses any pyld other than the pinned version."""
    if getattr(jsonld.JsonLdProcessor._process_context, "_sexto_cached", False):
        return
    if pyld_about.__version__ != PYLD_VERSION:
        # Internals differ between versions: run stock pyld rather than risk a wrong cache.
        return
    _cached_process_context._sexto_cached = True  # type: ignore[attr-defined]
    jsonld.JsonLdProcessor._process_context = _cached_process_context


def installed() -> bool:
    return bool(getattr(jsonld.JsonLdProcessor._process_context, "_sexto_cached", False))


def uninstall() -> None:
    """Restore stock pyld (used by the equivalence tests)."""
    jsonld.JsonLdProcessor._process_context = _original_process_context
