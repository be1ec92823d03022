"""Issuer binding and classification for our verifier (issue 17): a credential that claims one
of this site's achievements or status lists must be issued by the issuer that owns them; and a
verifier is told whether the issuer is one of this site's, another known issuer, or unknown."""

from __future__ import annotations

from typing import Any, Literal

from django.core.cache import cache
from django.utils.translation import gettext as _

from sexto.credentials.known_issuers import KnownIssuer
from sexto.credentials.links import issuer_did_prefix, public_url
from sexto.credentials.models import IssuerSigningKey
from sexto.credentials.selectors import did_cache_key

IssuerKind = Literal["sexto", "known", "unknown"]


def _our_issuer(did: str) -> bool:
    """``did`` is the did:web of an organisation of this site that holds signing keys. Asked on
    every verification: the cached DID document answers it (empty when the organisation holds
    no key; forgotten when a key is created or rotated, credentials/signing.py), the database
    only when nothing is cached."""
    prefix = issuer_did_prefix()
    if not did.startswith(prefix):
        return False
    slug = did[len(prefix) :]
    cached = cache.get(did_cache_key(slug))
    if cached is not None:
        return bool(cached)
    return IssuerSigningKey.objects.filter(organisation__slug=slug).exists()


def _status_urls(document: dict[str, Any]) -> list[str]:
    entries = document.get("credentialStatus")
    entries = [entries] if isinstance(entries, dict) else entries
    if not isinstance(entries, list):
        return []
    urls = (e.get("statusListCredential") for e in entries if isinstance(e, dict))
    return [u for u in urls if isinstance(u, str)]


def _achievement_ids(document: dict[str, Any]) -> list[str]:
    subjects = document.get("credentialSubject")
    subjects = [subjects] if isinstance(subjects, dict) else subjects
    if not isinstance(subjects, list):
        return []
    ids = []
    for subject in subjects:
        achievement = subject.get("achievement") if isinstance(subject, dict) else None
        if isinstance(achievement, dict) and isinstance(achievement.get("id"), str):
            ids.append(achievement["id"])
    return ids


def binding_failure(issuer_id: str, document: dict[str, Any]) -> str | None:
    """Why ``document`` may not be issued by ``issuer_id``, or None. A status list of ours belongs
    to one organisation (its slug is in the URL): only that organisation's DID may point at it.
    Our achievements are issued by our training organisations (whichever reviewed the proof):
    only a DID of this site holding signing keys may claim one."""
    status_prefix = public_url("/status/")
    for url in _status_urls(document):
        if url.startswith(status_prefix):
            slug = url[len(status_prefix) :].partition("/")[0]
            if issuer_id != issuer_did_prefix() + slug:
                return _(
                    "this badge points at a Sexto status list but was not issued by its issuer"
                )
    badge_prefix = public_url("/badges/")
    claims_ours = any(a.startswith(badge_prefix) for a in _achievement_ids(document))
    if claims_ours and not _our_issuer(issuer_id):
        return _("this badge claims a Sexto achievement but was not issued by its issuer")
    return None


def issuer_classification(issuer_id: str | None) -> tuple[IssuerKind, str]:
    """(kind, plain sentence) for a verifier: one of this site's issuers, another issuer the
    platform administrators know (with its name), or unknown."""
    if issuer_id and _our_issuer(issuer_id):
        return "sexto", _("A Sexto issuer of this site.")
    known = KnownIssuer.objects.filter(did=issuer_id).first() if issuer_id else None
    if known is not None:
        return "known", _("Another known issuer: %(name)s.") % {"name": known.name}
    return "unknown", _("An unknown issuer: this site does not know who it is.")
