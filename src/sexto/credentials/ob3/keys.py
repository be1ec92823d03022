"""Ed25519 keys as Multikey (multibase base58btc, multicodec 0xed01) and did:key resolution."""

from __future__ import annotations

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_INDEX = {c: i for i, c in enumerate(_ALPHABET)}

# Multicodec varint prefixes (https://github.com/multiformats/multicodec table).
ED25519_PUB_HEADER = b"\xed\x01"
ED25519_PRIV_HEADER = b"\x80\x26"


class KeyFormatError(ValueError):
    """A multibase string, Multikey or did:key could not be decoded."""


def base58btc_encode(data: bytes) -> str:
    """Base58 (Bitcoin alphabet), keeping leading zero bytes as '1'."""
    number = int.from_bytes(data, "big")
    out = []
    while number:
        number, rem = divmod(number, 58)
        out.append(_ALPHABET[rem])
    zeros = len(data) - len(data.lstrip(b"\0"))
    return "1" * zeros + "".join(reversed(out))


def base58btc_decode(text: str) -> bytes:
    """Inverse of ``base58btc_encode``; ``KeyFormatError`` on a character outside the alphabet."""
    number = 0
    for char in text:
        try:
            number = number * 58 + _INDEX[char]
        except KeyError:
            raise KeyFormatError(f"invalid base58 character {char!r}") from None
    zeros = len(text) - len(text.lstrip("1"))
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * zeros + body


def multibase_encode(data: bytes) -> str:
    """Multibase base58btc: 'z' + base58btc."""
    return "z" + base58btc_encode(data)


def multibase_decode(text: str) -> bytes:
    """Decode a base58btc multibase string (must start with 'z')."""
    if not isinstance(text, str) or not text.startswith("z"):
        raise KeyFormatError("multibase value must be base58btc (start with 'z')")
    return base58btc_decode(text[1:])


def public_key_raw(public_key: Ed25519PublicKey) -> bytes:
    return public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def public_key_multibase(public_key: Ed25519PublicKey) -> str:
    """The Multikey ``publicKeyMultibase`` (z6Mk…) of an Ed25519 public key."""
    return multibase_encode(ED25519_PUB_HEADER + public_key_raw(public_key))


def public_key_from_multibase(text: str) -> Ed25519PublicKey:
    """Ed25519 public key from a ``publicKeyMultibase`` value; ``KeyFormatError`` otherwise."""
    raw = multibase_decode(text)
    if len(raw) != 34 or raw[:2] != ED25519_PUB_HEADER:
        raise KeyFormatError("not an Ed25519 Multikey (expected 0xed01 header and 32 bytes)")
    return Ed25519PublicKey.from_public_bytes(raw[2:])


def private_key_from_multibase(text: str) -> Ed25519PrivateKey:
    """Ed25519 private key from a ``secretKeyMultibase`` (0x8026 header) value."""
    raw = multibase_decode(text)
    if len(raw) != 34 or raw[:2] != ED25519_PRIV_HEADER:
        raise KeyFormatError("not an Ed25519 secret Multikey (expected 0x8026 header)")
    return Ed25519PrivateKey.from_private_bytes(raw[2:])


def private_key_multibase(private_key: Ed25519PrivateKey) -> str:
    from cryptography.hazmat.primitives.serialization import NoEncryption, PrivateFormat

    raw = private_key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    return multibase_encode(ED25519_PRIV_HEADER + raw)


def did_key_for(public_key: Ed25519PublicKey) -> str:
    """``did:key:z6Mk…`` for an Ed25519 public key."""
    return "did:key:" + public_key_multibase(public_key)


def did_key_resolve(verification_method: str) -> Ed25519PublicKey:
    """Public key for a did:key verification method (``did:key:z6Mk…#z6Mk…`` or bare DID).

    The fragment, when present, must repeat the method-specific id (did:key spec §3.1.3).
    """
    if not verification_method.startswith("did:key:"):
        raise KeyFormatError("not a did:key identifier")
    did, _, fragment = verification_method.partition("#")
    multibase = did[len("did:key:") :]
    if fragment and fragment != multibase:
        raise KeyFormatError("did:key fragment does not match the key")
    return public_key_from_multibase(multibase)
