"""Per-request notes in one typed object: the request id and the client's address.

The client's address is resolved once per request (RequestNotesMiddleware, early in the stack)
from the number of trusted proxies (`PROXY_COUNT`), and every consumer reads that one value:
axes (`AXES_CLIENT_IP_CALLABLE`), allauth's rate limits (the account adapter), the product's
rate limits (core/limits.py) and the audit log. Parsing `X-Forwarded-For` is python-ipware's job.
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any
from uuid import UUID

from django.conf import settings
from django.http import HttpRequest
from python_ipware import IpWare

FORWARDED_HEADER = "HTTP_X_FORWARDED_FOR"


@dataclass
class RequestNotes:
    """What the product notes about one request; read it with `request_notes(request)`."""

    request_id: str | None = None
    client_ip: str | None = None
    # The cases whose read was audited in this request (one read event per request per case)
    # and the case ids whose refusal was (interventions' case_get_for).
    case_reads: set[UUID] = field(default_factory=set)
    case_refusals: set[str] = field(default_factory=set)
    # The scopes the API caller holds (a token's, or all of them for a signed-in session); empty
    # until API authentication runs, so an unauthenticated request has none.
    api_scopes: frozenset[str] = frozenset()
    # Whether each user (by pk) has a second factor, once asked in this request: the two-factor
    # middleware and the case's access check both ask it for the same user.
    two_factor: dict[Any, bool] = field(default_factory=dict)
    # Audit events recorded inside `audit.services.audit_batch(request)`, not written yet (None:
    # not batching, each event is written at once).
    audit_pending: list[Any] | None = None


# Keyed by the request itself (Zulip's RequestNotes): no attributes set on HttpRequest, and the
# notes go away with the request.
_notes: weakref.WeakKeyDictionary[HttpRequest, RequestNotes] = weakref.WeakKeyDictionary()


@cache
def _ipware(proxy_count: int) -> tuple[IpWare | None, IpWare]:
    """(the resolver through the trusted proxies or None without proxies, the peer's resolver)."""
    peer = IpWare(precedence=("REMOTE_ADDR",))
    if proxy_count == 0:
        return None, peer
    # ipware's proxy_count counts the proxies *listed* in X-Forwarded-For; the last of ours
    # connects to us (it is the peer) and is not listed, hence N - 1. Strict: exactly that many.
    return IpWare(precedence=(FORWARDED_HEADER,), proxy_count=proxy_count - 1), peer


def _trusted_hops(meta: Mapping[str, Any], *, proxy_count: int) -> dict[str, str]:
    """X-Forwarded-For reduced to the entries our own proxies appended.

    Each trusted proxy appends the address it received the request from, so with N proxies the
    last N entries are theirs (the first of them is the client) and anything to their left is
    whatever the client sent. Only that suffix is handed to ipware: given the whole header, ipware
    reads RFC 7239 quoting, and a client sending `1.2.3.4, "` makes the unclosed quote swallow
    the hop nginx appends, so ipware would return the forged 1.2.3.4.
    """
    raw = meta.get(FORWARDED_HEADER)
    if not isinstance(raw, str) or not raw.strip():
        return {}
    return {FORWARDED_HEADER: ",".join(raw.rsplit(",", proxy_count)[-proxy_count:])}


def client_ip_resolve(meta: Mapping[str, Any], *, proxy_count: int) -> str | None:
    """The client's address from a request's META behind `proxy_count` trusted proxies.

    Without proxies: the peer (REMOTE_ADDR). Behind proxies: the address the outermost trusted
    proxy saw, from X-Forwarded-For (the only source behind a proxy on a unix socket, where
    REMOTE_ADDR is empty); a request that did not come through every proxy falls back to the
    peer. None when there is no usable address at all.
    """
    forwarded, peer = _ipware(proxy_count)
    if forwarded is not None:
        hops = _trusted_hops(meta, proxy_count=proxy_count)
        ip, _trusted = forwarded.get_client_ip(hops, strict=True)
        if ip is not None:
            return str(ip)
    ip, _trusted = peer.get_client_ip(meta, strict=False)
    return str(ip) if ip is not None else None


def request_notes(request: HttpRequest) -> RequestNotes:
    """The request's notes; a request that did not go through the middleware (a test's
    RequestFactory) gets them on first use, with its address resolved the same way."""
    notes = _notes.get(request)
    if notes is None:
        notes = RequestNotes(
            client_ip=client_ip_resolve(request.META, proxy_count=settings.PROXY_COUNT)
        )
        _notes[request] = notes
    return notes


def request_notes_set(request: HttpRequest, notes: RequestNotes) -> None:
    """Note what the middleware found about this request (once, at its start)."""
    _notes[request] = notes


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address as resolved once for this request (None if it has none)."""
    if request is None:
        return None
    return request_notes(request).client_ip
