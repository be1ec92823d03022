"""Baked badge images (Open Badges 3.0 §5.3): the signed credential inside a PNG or SVG.

PNG: one uncompressed ``iTXt`` chunk with keyword ``openbadges`` holding the credential
JSON, inserted just before ``IEND``. SVG: an ``<openbadges:credential>`` element (namespace
``https://purl.imsglobal.org/ob/v3p0``) as first child of the root, the JSON in CDATA.
"""

from __future__ import annotations

import json
import struct
import zlib
from typing import Any

from lxml import etree

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
KEYWORD = b"openbadges"
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


def _is_openbadges_itxt(kind: bytes, data: bytes) -> bool:
    return kind == b"iTXt" and data.split(b"\0", 1)[0] == KEYWORD


def png_bake(png: bytes, credential: dict[str, Any] | str) -> bytes:
    """The PNG with the credential baked in (any earlier ``openbadges`` chunk replaced)."""
    text = credential if isinstance(credential, str) else json.dumps(credential, ensure_ascii=False)
    # keyword \0 compression-flag(0) compression-method(0) language-tag \0 translated \0 text
    itxt = KEYWORD + b"\0" + b"\0\0" + b"\0" + b"\0" + text.encode("utf-8")
    out = [PNG_SIGNATURE]
    for kind, data in _chunks(png):
        if _is_openbadges_itxt(kind, data):
            continue
        if kind == b"IEND":
            out.append(_chunk(b"iTXt", itxt))
        out.append(_chunk(kind, data))
    return b"".join(out)


def png_extract(png: bytes) -> str | None:
    """The baked credential text of a PNG, or None when there is none."""
    for kind, data in _chunks(png):
        if _is_openbadges_itxt(kind, data):
            rest = data.split(b"\0", 1)[1]
            compressed, _method = rest[0], rest[1]
            rest = rest[2:]
            _lang, rest = rest.split(b"\0", 1)
            _translated, text = rest.split(b"\0", 1)
            return (zlib.decompress(text) if compressed else text).decode("utf-8")
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


def svg_bake(
    svg: bytes, credential: dict[str, Any] | str, *, verify_url: str | None = None
) -> bytes:
    """The SVG with ``<openbadges:credential>`` (JSON in CDATA) as its first child."""
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
    if verify_url:
        element.set("verify", verify_url)
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
