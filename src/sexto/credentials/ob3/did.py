"""did:web documents for our issuers and key resolution for proofs.

Rotation: every key an issuer ever used stays in its DID document, in
``verificationMethod`` *and* ``assertionMethod``, so standard verifiers (DCC, Learner
Credential Wallet) keep verifying credentials signed before the rotation. A retired key
carries ``retiredAt`` (a term defined in the document's own inline context, in our
namespace): our verifier accepts proofs from it only when their ``created`` is before that
instant. A key that leaked is different: it carries the Controlled Identifiers
``revoked`` property and is dropped from ``assertionMethod``, and every proof by it fails,
whatever its ``created`` says (a thief can backdate). We don't use ``expires``: the CID
spec reads it as "don't verify anything at or after", which would break old credentials.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import quote, urlsplit

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from sexto.credentials.ob3.dataintegrity import format_datetime
from sexto.credentials.ob3.keys import (
    KeyFormatError,
    did_key_resolve,
    public_key_from_multibase,
    public_key_multibase,
)
from sexto.credentials.ob3.loader import DID_V1, MULTIKEY_V1


class KeyResolutionError(LookupError):
    """No usable public key for a verification method; the message says why."""


@dataclass(frozen=True)
class IssuerKey:
    """One key in an issuer's history, as the Django side stores it."""

    public_key: Ed25519PublicKey
    retired_at: datetime | None = None
    revoked_at: datetime | None = None


@dataclass(frozen=True)
class ResolvedKey:
    """A public key found for a verification method, with its lifecycle marks."""

    public_key: Ed25519PublicKey
    controller: str
    retired_at: str | None = None
    revoked_at: str | None = None


def did_web_for(*, public_base_url: str, slug: str) -> str:
    """``did:web:{host}:issuers:{slug}`` for the issuer at ``{public_base_url}/issuers/{slug}``.

    A port is percent-encoded as did:web requires (``localhost%3A8000``).
    """
    parts = urlsplit(public_base_url)
    host = quote(parts.netloc, safe="")
    path = [quote(p, safe="") for p in parts.path.strip("/").split("/") if p]
    return ":".join(["did:web", host, *path, "issuers", quote(slug, safe="")])


def did_web_url(did: str) -> str:
    """The HTTPS URL of a path-based did:web's document (``…/did.json``)."""
    if not did.startswith("did:web:"):
        raise ValueError("not a did:web")
    host, *path = did[len("did:web:") :].split(":")
    return "https://" + "/".join([host.replace("%3A", ":"), *path]) + "/did.json"


# The issuer's public profile in its DID document, as schema.org terms (the DID context defines
# none): what a verifier shows about the issuer before it reads any credential.
PROFILE_TERMS: dict[str, Any] = {
    "name": "https://schema.org/name",
    "description": "https://schema.org/description",
    "email": "https://schema.org/email",
    "url": {"@id": "https://schema.org/url", "@type": "@id"},
    "image": {"@id": "https://schema.org/image", "@type": "@id"},
}


def did_web_document(
    *,
    did: str,
    keys: Sequence[IssuerKey],
    vocab_base: str,
    profile: dict[str, str] | None = None,
) -> dict[str, Any]:
    """The DID document for ``did``; ``keys`` oldest first, the usable one without marks.

    ``vocab_base`` is our namespace for ``retiredAt`` (e.g. ``{PUBLIC_BASE_URL}/ns#``).
    ``profile``: the issuer's name, url, description, email and image URL (those given).
    """
    methods = []
    assertion = []
    for key in keys:
        multibase = public_key_multibase(key.public_key)
        method: dict[str, Any] = {
            "id": f"{did}#{multibase}",
            "type": "Multikey",
            "controller": did,
            "publicKeyMultibase": multibase,
        }
        if key.revoked_at is not None:
            method["revoked"] = format_datetime(key.revoked_at)
        else:
            assertion.append(method["id"])
            if key.retired_at is not None:
                method["retiredAt"] = format_datetime(key.retired_at)
        methods.append(method)
    terms: dict[str, Any] = {
        "retiredAt": {
            "@id": f"{vocab_base}retiredAt",
            "@type": "http://www.w3.org/2001/XMLSchema#dateTime",
        }
    }
    shown = {k: v for k, v in (profile or {}).items() if k in PROFILE_TERMS and v}
    terms.update({k: PROFILE_TERMS[k] for k in shown})
    return {
        "@context": [DID_V1, MULTIKEY_V1, terms],
        "id": did,
        **shown,
        "verificationMethod": methods,
        "assertionMethod": assertion,
    }


def key_from_did_document(document: dict[str, Any], verification_method: str) -> ResolvedKey:
    """The key ``verification_method`` names in ``document``, if authorised for assertions."""
    for method in document.get("verificationMethod", []):
        if isinstance(method, dict) and method.get("id") == verification_method:
            break
    else:
        raise KeyResolutionError(f"{verification_method} is not in the issuer's DID document")
    if method.get("revoked"):
        raise KeyResolutionError(f"key {verification_method} was revoked on {method['revoked']}")
    authorised = {
        m if isinstance(m, str) else m.get("id") for m in document.get("assertionMethod", [])
    }
    if verification_method not in authorised:
        raise KeyResolutionError(f"key {verification_method} is not authorised to issue")
    if method.get("type") != "Multikey":
        raise KeyResolutionError(f"unsupported verification method type {method.get('type')!r}")
    try:
        public_key = public_key_from_multibase(method.get("publicKeyMultibase", ""))
    except (KeyFormatError, ValueError) as exc:
        raise KeyResolutionError(f"bad publicKeyMultibase: {exc}") from None
    return ResolvedKey(
        public_key=public_key,
        controller=str(method.get("controller", document.get("id", ""))),
        retired_at=method.get("retiredAt"),
    )


def key_resolver(
    did_documents: Callable[[str], dict[str, Any] | None],
) -> Callable[[str], ResolvedKey]:
    """A ``resolve_key`` for ``credential_verify``: did:key locally, other DIDs via the callable.

    ``did_documents(did)`` returns our own did:web document (from the database, no
    network) or None when the DID is not ours.
    """

    def resolve(verification_method: str) -> ResolvedKey:
        did = verification_method.split("#", 1)[0]
        if did.startswith("did:key:"):
            try:
                return ResolvedKey(public_key=did_key_resolve(verification_method), controller=did)
            except (KeyFormatError, ValueError) as exc:
                raise KeyResolutionError(f"bad did:key: {exc}") from None
        document = did_documents(did)
        if document is None:
            raise KeyResolutionError(
                f"cannot resolve {did}: only did:key and this site's issuers are resolved"
            )
        return key_from_did_document(document, verification_method)

    return resolve
