"""Validators shared by every app: no image ever enters the system, not even inside text.

An image can be written as text in many ways: a data: URI, base64 (wrapped over lines or split
by spaces, standard or URL-safe), hex (as a dump, split by spaces, with `0x`, `\\x` or `%`
prefixes), percent-encoding or backslash escapes mixing literal characters with escaped bytes.
`embedded_binary_find` looks at the *shape* of the text for each of these encodings, decodes what
has that shape (ignoring the whitespace inside it) and refuses it when the bytes start like an
image, a video, a PDF or an archive, or when a long run of them is not text at all. The shapes are
narrow enough that prose, URLs, phone numbers, case numbers (SX-2026-00012), DPJ references,
colour codes and a file's SHA-256 stay accepted.
"""

from __future__ import annotations

import base64
import binascii
import itertools
import re
import unicodedata
from collections.abc import Iterator
from typing import Annotated

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from pydantic import AfterValidator

_DATA_URI = re.compile(r"data:\s*[\w.+-]+/[\w.+-]+\s*(;[^,]*)?,", re.IGNORECASE)
# Base64 openings of PNG, JPEG, GIF, WebP, HEIC/MP4 boxes, PDF written in one piece.
_IMAGE_MAGIC = re.compile(r"(iVBORw0KGgo|/9j/[0-9A-Za-z+/]|R0lGOD|UklGR|AAAA[GH]GZ0eX|JVBERi0)")
_BASE64_RUN = re.compile(r"[A-Za-z0-9+/]{160,}={0,2}")

# Files that begin with these bytes are images, videos, documents or archives.
_MAGIC = re.compile(
    rb"\x89PNG\r\n\x1a\n|\x89PNG"
    rb"|\xff\xd8\xff"  # JPEG
    rb"|GIF8[79]a"
    rb"|RIFF[\s\S]{4}(?:WEBP|AVI |WAVE)"
    rb"|\x00[\s\S]{3}(?:ftyp|moov|mdat|wide)"  # ISO media (HEIC, AVIF, MP4) and QuickTime (MOV)
    rb"|BM[\s\S]{4}\x00\x00\x00\x00"  # BMP: size, then four reserved zero bytes
    rb"|II\*\x00|MM\x00\*"  # TIFF
    rb"|%PDF-"
    rb"|PK\x03\x04|PK\x05\x06"  # ZIP (and DOCX, ODT, APK…)
    rb"|\x1f\x8b\x08"  # gzip
    rb"|7z\xbc\xaf\x27\x1c"
    rb"|Rar!\x1a\x07"
    rb"|\x1a\x45\xdf\xa3"  # Matroska / WebM
)
# A magic number is looked for in at least this many decoded bytes: shorter runs are too short to
# be a file, and many short words happen to be hex or base64.
MAGIC_MIN_BYTES = 8
# A run that decodes to this many bytes of non-text is refused even without a known header (the
# header may have been dropped). 48 bytes keeps a SHA-256 (32 bytes) in hex or base64 accepted.
LONG_RUN_BYTES = 48

# Hex: prefixes that mark one byte (\x89, 0x89, %89, \u0089) become plain separators.
_HEX_PREFIX = re.compile(r"\\x|\\u00|0[xX]|%|&#[xX]|U\+00", re.ASCII)
_HEX_TOKEN = re.compile(r"(?<![0-9A-Za-z])[0-9A-Fa-f]+(?![0-9A-Za-z])")
_HEX_GAP = re.compile(r"[\s,:;|]*")  # what hex dumps put between bytes (whitespace included)
# Base64 and base64url, padding included; runs continue over whitespace only.
_B64_TOKEN = re.compile(r"[A-Za-z0-9+/_-]+=*")
_B64_WORD = re.compile(r"[A-Za-z0-9+/_-]+={0,2}")
# The first base64 character of each magic number above (base64url's `_` stands for `/`).
_B64_MAGIC_FIRST = frozenset("iR/_UAQSTJHNG")
_SPACE = re.compile(r"\s*")
# Escapes mixed with literal characters: %89PNG%0D%0A… or \x89PNG\r\n…
_NON_SPACE = re.compile(r"\S+")
_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})|\\x([0-9A-Fa-f]{2})|\\([nrt0\\])")
_SIMPLE_ESCAPES = {"n": b"\n", "r": b"\r", "t": b"\t", "0": b"\x00", "\\": b"\\"}

EMBEDDED_IMAGE_MESSAGE = _(
    "This text contains an image or a file written as text (base64, hex, URL-encoded or escaped "
    "bytes). Sexto never accepts images, nor any encoding of them: describe what was reported "
    "in words instead."
)


def _is_binary(data: bytes) -> bool:
    """True when these bytes are not text: invalid UTF-8 or control characters."""
    if not data:
        return False
    text = data.decode("utf-8", errors="replace")
    bad = sum(
        1
        for char in text
        if char == "\ufffd" or (unicodedata.category(char) == "Cc" and char not in "\t\n\r")
    )
    return bad >= max(4, len(text) // 10)


def _varied(data: bytes) -> bool:
    """Encoded files vary; a repeated pattern (`aaaa…`, `a1a1…`) is not a hidden file."""
    return len(set(data)) >= min(16, len(data) // 3)


def _hex_runs(text: str) -> Iterator[tuple[bytes, str]]:
    """Hex digits split by whitespace or a dump's separators, prefixes removed; a short token of
    odd length (a phone number's 514, a year's suffix) ends the run."""
    plain = _HEX_PREFIX.sub(" ", text)
    run: list[str] = []
    end = 0
    for match in _HEX_TOKEN.finditer(plain):
        token = match.group()
        joined = bool(run) and _HEX_GAP.fullmatch(plain, end, match.start()) is not None
        if not joined and run:
            yield from _hex_decode("".join(run))
            run = []
        if len(token) % 2 and len(token) < 16:
            if run:
                yield from _hex_decode("".join(run))
            run = []
        else:
            run.append(token)
        end = match.end()
    if run:
        yield from _hex_decode("".join(run))


def _hex_decode(digits: str) -> Iterator[tuple[bytes, str]]:
    if len(digits) < 2 * MAGIC_MIN_BYTES:
        return
    data = bytes.fromhex(digits[: len(digits) // 2 * 2])
    letters = sum(1 for char in digits if char.isalpha())
    # Hex of binary mixes digits and the letters a-f; a list of numbers has no letters.
    shaped = 0.05 <= letters / len(digits) <= 0.95
    yield data, "hex" if shaped else ""


def _b64_decode(chars: str) -> bytes:
    chars = chars.replace("=", "").replace("-", "+").replace("_", "/")
    chars = chars[: len(chars) // 4 * 4]
    try:
        return base64.b64decode(chars)
    except (binascii.Error, ValueError):
        return b""


def _b64_shaped(tokens: list[str]) -> bool:
    """Base64 of a file, wrapped or split: long pieces (or pieces of one length), and upper case,
    lower case and digits mixed as random data mixes them (prose and identifiers do not)."""
    joined = "".join(tokens)
    if len(joined) < LONG_RUN_BYTES * 4 // 3:
        return False
    body = tokens[:-1] or tokens
    uniform = len(tokens) >= 4 and len({len(token) for token in body}) == 1 and len(body[0]) >= 4
    if not (uniform or len(joined) / len(tokens) >= 12):
        return False
    upper = sum(1 for char in joined if char.isupper()) / len(joined)
    lower = sum(1 for char in joined if char.islower()) / len(joined)
    digits = sum(1 for char in joined if char.isdigit()) / len(joined)
    changes = sum(
        1
        for token in tokens
        for a, b in itertools.pairwise(token)
        if a.isalpha() and b.isalpha() and a.isupper() != b.isupper()
    )
    pairs = sum(max(len(token) - 1, 1) for token in tokens)
    return upper >= 0.15 and lower >= 0.15 and digits >= 0.03 and changes / pairs >= 0.2


def _b64_runs(text: str) -> Iterator[tuple[bytes, str]]:
    """Base64 pieces separated by whitespace only, joined. Each piece may be where the file starts
    (text before it on the same line), so every piece's start is decoded for a magic number."""
    runs: list[list[str]] = []
    end = -1
    for match in _B64_TOKEN.finditer(text):
        if runs and end >= 0 and _SPACE.fullmatch(text, end, match.start()):
            runs[-1].append(match.group())
        else:
            runs.append([match.group()])
        end = match.end()
    for tokens in runs:
        joined = "".join(tokens)
        if len(joined) * 3 // 4 < MAGIC_MIN_BYTES:
            continue
        offset = 0
        for token in tokens:
            if token[0] not in _B64_MAGIC_FIRST:
                offset += len(token)
                continue
            head = _b64_decode(joined[offset : offset + 48])
            # Decoded prose is noise: only a file's first bytes count here, not bytes anywhere.
            if len(head) >= MAGIC_MIN_BYTES and _MAGIC.match(head):
                yield head, "signature"
            offset += len(token)
    # A long run counts only when made of whole words of base64 (wrapped lines, groups): a piece
    # glued to other characters is part of a URL or an identifier (Google Drive ids look random).
    words: list[str] = []
    for match in _NON_SPACE.finditer(text):
        word = match.group()
        if _B64_WORD.fullmatch(word):
            words.append(word)
            continue
        if words and _b64_shaped(words):
            yield _b64_decode("".join(words)), "base64"
        words = []
    if words and _b64_shaped(words):
        yield _b64_decode("".join(words)), "base64"


def _escape_runs(text: str) -> Iterator[tuple[bytes, str]]:
    """Tokens with %XX or \\xXX escapes (and the tokens right after them on other lines), with
    their literal characters kept, as a browser or a C string would decode them."""
    runs: list[list[str]] = []
    end = -1
    for match in _NON_SPACE.finditer(text):
        if not _ESCAPE.search(match.group()):
            continue
        if runs and _SPACE.fullmatch(text, end, match.start()):
            runs[-1].append(match.group())
        else:
            runs.append([match.group()])
        end = match.end()
    for tokens in runs:
        data = bytearray()
        escaped = bytearray()
        position = 0
        joined = "".join(tokens)
        for escape in _ESCAPE.finditer(joined):
            data += joined[position : escape.start()].encode()
            code = escape.group(1) or escape.group(2)
            byte = bytes.fromhex(code) if code else _SIMPLE_ESCAPES[escape.group(3)]
            data += byte
            escaped += byte
            position = escape.end()
        data += joined[position:].encode()
        if len(data) >= MAGIC_MIN_BYTES:
            # Escaped bytes that are not text (é as %C3%A9 is text) are what marks a file.
            yield bytes(data), "escapes" if _is_binary(bytes(escaped)) else ""


def embedded_binary_find(value: str) -> str | None:
    """The encoding of an image or file found written in this text (e.g. "png in hex"), or None.
    Looked for by shape after ignoring whitespace, then by the decoded bytes."""
    if not value:
        return None
    if _DATA_URI.search(value):
        return "data URI"
    if _IMAGE_MAGIC.search(value) or _BASE64_RUN.search(value):
        return "base64"
    controls = sum(
        1 for char in value if unicodedata.category(char) == "Cc" and char not in "\t\n\r"
    )
    if controls >= MAGIC_MIN_BYTES:
        return "raw bytes"
    for runs in (_hex_runs(value), _b64_runs(value), _escape_runs(value)):
        for data, shape in runs:
            if shape == "signature" or (len(data) >= MAGIC_MIN_BYTES and _MAGIC.search(data)):
                return "file signature"
            if (
                shape
                and shape != "signature"
                and len(data) >= LONG_RUN_BYTES
                and _is_binary(data)
                and _varied(data)
            ):
                return shape
    return None


def no_embedded_images(value: str) -> None:
    """Refuse images and files written as text: data: URIs, base64 with or without line breaks,
    hex however it is split, URL-encoded bytes and backslash escapes."""
    if embedded_binary_find(value) is not None:
        raise ValidationError(EMBEDDED_IMAGE_MESSAGE, code="embedded_image")


def _free_text_check(value: str) -> str:
    if embedded_binary_find(value) is not None:
        # pydantic shows a ValueError's text as the field's error (a problem detail in the API).
        raise ValueError(str(EMBEDDED_IMAGE_MESSAGE))
    return value


# The API's free-text fields: `field: FreeText = Field(...)` in every ninja input schema.
FreeText = Annotated[str, AfterValidator(_free_text_check)]
