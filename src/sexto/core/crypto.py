"""Field encryption (MultiFernet: authenticated, several keys for rotation) and blind indexes."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

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


def token_looks_encrypted(value: str) -> bool:
    """True for a Fernet token, whichever key made it (version byte 0x80, then a timestamp, an IV,
    a ciphertext of whole blocks and an HMAC): tells a value written before encryption from one
    written after, so that a data migration encrypting old rows may run twice."""
    try:
        raw = base64.urlsafe_b64decode(value.encode("ascii"))
    except (binascii.Error, UnicodeEncodeError, ValueError):
        return False
    return len(raw) >= 73 and raw[0] == 0x80 and (len(raw) - 57) % 16 == 0


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


@dataclass(frozen=True)
class EncryptedJsonSpec:
    """Values encrypted with `text_encrypt` inside a JSON column of a model another library owns
    (allauth's MFA secrets), so that key rotation finds them: `keys` name string values, `list_keys`
    lists of strings."""

    model: str  # "app_label.ModelName"
    field: str
    keys: tuple[str, ...]
    list_keys: tuple[str, ...] = ()


_ENCRYPTED_JSON: dict[tuple[str, str], EncryptedJsonSpec] = {}


def encrypted_json_register(spec: EncryptedJsonSpec) -> None:
    """Declare encrypted values inside a JSON column; called from the owning app's `ready()`."""
    _ENCRYPTED_JSON[(spec.model, spec.field)] = spec


def encrypted_jsons() -> list[EncryptedJsonSpec]:
    return list(_ENCRYPTED_JSON.values())


def json_values_map(
    spec: EncryptedJsonSpec, data: Any, change: Callable[[str], str | None]
) -> tuple[Any, int]:
    """`data` with each encrypted value the spec names replaced by `change(value)` (None: keep
    it), and how many changed. Anything that is not a JSON object is returned as it is."""
    if not isinstance(data, dict):
        return data, 0
    result, changed = dict(data), 0
    for key in spec.keys:
        value = result.get(key)
        if isinstance(value, str) and value:
            new = change(value)
            if new is not None and new != value:
                result[key], changed = new, changed + 1
    for key in spec.list_keys:
        values = result.get(key)
        if isinstance(values, list):
            items = []
            for value in values:
                new = change(value) if isinstance(value, str) and value else None
                if new is not None and new != value:
                    changed += 1
                    value = new
                items.append(value)
            result[key] = items
    return result, changed
