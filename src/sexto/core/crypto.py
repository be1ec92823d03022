"""Field encryption (MultiFernet: authenticated, several keys for rotation) and blind indexes."""

from __future__ import annotations

import hashlib
import hmac
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


class DecryptionFailed(Exception):
    """A stored value cannot be decrypted with any configured key."""


@lru_cache(maxsize=4)
def _multifernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.encode("ascii")) for key in keys])


def field_cipher() -> MultiFernet:
    """The cipher for the keys configured now (newest first encrypts; all decrypt)."""
    return _multifernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


def text_encrypt(plaintext: str) -> str:
    """Encrypt with the newest key."""
    return field_cipher().encrypt(plaintext.encode("utf-8")).decode("ascii")


def text_decrypt(token: str) -> str:
    """Decrypt with whichever configured key made the token."""
    try:
        return field_cipher().decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken:
        raise DecryptionFailed(
            "A stored value could not be decrypted: FIELD_ENCRYPTION_KEYS lacks the key it was "
            "written with."
        ) from None


def token_rotate(token: str) -> str:
    """Re-encrypt a token under the newest key (used by key rotation)."""
    return field_cipher().rotate(token.encode("ascii")).decode("ascii")


def text_normalise(value: str) -> str:
    """Case-, accent- and space-insensitive form, so 'Émile  Roy' and 'emile roy' match."""
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    without_marks = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(without_marks.split())


def blind_index(value: str, *, purpose: str) -> str:
    """Keyed HMAC of the normalised value: equal inputs match without storing the plaintext."""
    message = f"{purpose}\x00{text_normalise(value)}".encode()
    return hmac.new(settings.BLIND_INDEX_KEY.encode(), message, hashlib.sha256).hexdigest()


def token_is_current(token: str) -> bool:
    """True when the newest key made this token (key rotation skips it: idempotent on resume)."""
    newest = Fernet(settings.FIELD_ENCRYPTION_KEYS[0].encode("ascii"))
    try:
        newest.decrypt(token.encode("ascii"))
    except InvalidToken:
        return False
    return True


@dataclass(frozen=True)
class BlindIndexSpec:
    """A column holding `blind_index(<source column's plaintext>, purpose=…)`, so that key
    rotation can recompute it from the decrypted source (the HMAC cannot be re-keyed otherwise)."""

    model: str  # "app_label.ModelName"
    index_field: str
    source_field: str
    purpose: str


_BLIND_INDEXES: dict[tuple[str, str], BlindIndexSpec] = {}


def blind_index_register(spec: BlindIndexSpec) -> None:
    """Declare a blind-index column; called from the owning app's `ready()`."""
    _BLIND_INDEXES[(spec.model, spec.index_field)] = spec


def blind_indexes() -> list[BlindIndexSpec]:
    return list(_BLIND_INDEXES.values())
