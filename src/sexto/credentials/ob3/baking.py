"""Baked badge images (Open Badges 3.0 §5.3): the signed credential inside a PNG or SVG.

PNG: one uncompressed ``iTXt`` chunk with keyword ``openbadgecredential`` holding the
credential JSON, inserted just before ``IEND``. SVG: an ``<openbadges:credential>`` element
(namespace ``https://purl.imsglobal.org/ob/v3p0``) as first child of the root, the JSON in CDATA
and no ``verify`` attribute (the specification keeps that attribute for a compact JWS, which we
do not issue). OB 2.0 images use the keyword ``openbadges``
(``png_bake(..., keyword=OB2_KEYWORD)``); the extractor also reads an OB 3.0 credential under
that keyword, as our images carried before, so files already downloaded keep verifying.
"""

from __future__ import annotations

import json
import struct
import zlib
from typing import Any

from lxml import etree

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
KEYWORD = b"openbadgecredential"  # OB 3.0 §Baking
OB2_KEYWORD = b"openbadges"  # OB 2.0 baking, and OB 3.0 images baked before the fix
SVG_NS = "http://www.w3.org/2000/svg"
OB_NS = "https://purl.imsglobal.org/ob/v3p0"


class BakingError(ValueError):
    """The image is not a PNG/SVG we can bake or read; the message says why."""


def _chunks(png: bytes) -> list[tuple[bytes, bytes]]:
    if not png.startswith(PNG_SIGNATURE):
        raise BakingError("not a PNG file")
    chunks, pos = [], len(PNG_SIGNATURE)
    while pos < len(png):
        if pos + 8 > len(png):
            raise BakingError("truncated PNG chunk header")
        (length,) = struct.unpack(">I", png[pos : pos + 4])
        kind = png[pos + 4 : pos + 8]
        data = png[pos + 8 : pos + 8 + length]
        if len(data) != length or pos + 12 + length > len(png):
            raise BakingError("truncated PNG chunk")
        chunks.append((kind, data))
        pos += 12 + length
        if kind == b"IEND":
            break
    if not chunks or chunks[-1][0] != b"IEND":
        raise BakingError("PNG without IEND")
    return chunks


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _itxt_keyword(kind: bytes, data: bytes) -> bytes | None:
    return data.split(b"\0", 1)[0] if kind == b"iTXt" else None


def png_bake(png: bytes, credential: dict[str, Any] | str, *, keyword: bytes = KEYWORD) -> bytes:
    """The PNG with the credential baked in under ``keyword`` (any earlier baked chunk, of
    either keyword, replaced: an image carries one badge)."""
    text = credential if isinstance(credential, str) else json.dumps(credential, ensure_ascii=False)
    # keyword \0 compression-flag(0) compression-method(0) language-tag \0 translated \0 text
    itxt = keyword + b"\0" + b"\0\0" + b"\0" + b"\0" + text.encode("utf-8")
    out = [PNG_SIGNATURE]
    for kind, data in _chunks(png):
        if _itxt_keyword(kind, data) in (KEYWORD, OB2_KEYWORD):
            continue
        if kind == b"IEND":
            out.append(_chunk(b"iTXt", itxt))
        out.append(_chunk(kind, data))
    return b"".join(out)


def _itxt_text(data: bytes) -> str:
    rest = data.split(b"\0", 1)[1]
    compressed, _method = rest[0], rest[1]
    rest = rest[2:]
    _lang, rest = rest.split(b"\0", 1)
    _translated, text = rest.split(b"\0", 1)
    return (zlib.decompress(text) if compressed else text).decode("utf-8")


def png_extract(png: bytes, *, keywords: tuple[bytes, ...] = (KEYWORD, OB2_KEYWORD)) -> str | None:
    """The baked text of a PNG under the first of ``keywords`` it carries, or None.

    By default ``openbadgecredential`` first, then ``openbadges``: an OB 3.0 image baked before
    the keyword was corrected (or an OB 2.0 assertion) still reads."""
    found = {keyword: data for kind, data in _chunks(png) if (keyword := _itxt_keyword(kind, data))}
    for keyword in keywords:
        if keyword in found:
            return _itxt_text(found[keyword])
    return None


def _svg_root(svg: bytes) -> Any:
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(svg, parser)
    except etree.XMLSyntaxError as exc:
        raise BakingError(f"not well-formed SVG: {exc}") from None
    if root.tag != f"{{{SVG_NS}}}svg":
        raise BakingError("root element is not <svg>")
    return root


def svg_bake(svg: bytes, credential: dict[str, Any] | str) -> bytes:
    """The SVG with ``<openbadges:credential>`` as its first child, the embedded-proof
    credential (JSON) in CDATA; no ``verify`` attribute (OB 3.0 §Baking keeps it for a compact
    JWS)."""
    text = credential if isinstance(credential, str) else json.dumps(credential, ensure_ascii=False)
    if "]]>" in text:  # cannot occur in JSON we produce, but never emit broken XML
        text = text.replace("]]>", "]]\\u003e")
    root = _svg_root(svg)
    for old in root.findall(f"{{{OB_NS}}}credential"):
        root.remove(old)
    nsmap = dict(root.nsmap)
    nsmap["openbadges"] = OB_NS
    new_root = etree.Element(root.tag, nsmap=nsmap, attrib=dict(root.attrib))
    new_root.text = root.text
    element = etree.SubElement(new_root, f"{{{OB_NS}}}credential")
    element.text = etree.CDATA(text)
    element.tail = root.text
    for child in root:
        new_root.append(child)
    # lxml ships no type information here: the annotation states what tostring returns.
    baked: bytes = etree.tostring(new_root, xml_declaration=True, encoding="UTF-8")
    return baked


def svg_extract(svg: bytes) -> str | None:
    """The baked credential text of an SVG, or None when there is none."""
    element = _svg_root(svg).find(f"{{{OB_NS}}}credential")
    if element is None:
        return None
    text: str | None = element.text or element.get("verify")
    return text
