"""Baked PNG (iTXt 'openbadgecredential') and SVG (<openbadges:credential>) images (OB 3.0
§Baking); OB 2.0 PNGs keep the 'openbadges' keyword."""

from __future__ import annotations

import io
import json

import pytest
from lxml import etree
from PIL import Image

from sexto.credentials.ob3.baking import (
    OB2_KEYWORD,
    OB_NS,
    BakingError,
    png_bake,
    png_extract,
    svg_bake,
    svg_extract,
)

CREDENTIAL = {"id": "urn:uuid:1", "name": "Sexto — Explorateur", "proof": {"proofValue": "z123"}}


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (8, 8), (200, 30, 60, 255)).save(out, "PNG")
    return out.getvalue()


def test_png_bake_and_extract_and_still_an_image() -> None:
    baked = png_bake(_png(), CREDENTIAL)
    assert json.loads(png_extract(baked)) == CREDENTIAL
    image = Image.open(io.BytesIO(baked))
    image.load()
    assert image.size == (8, 8)
    # Pillow (an independent PNG reader) finds it under the OB 3.0 keyword, and only there
    assert json.loads(image.text["openbadgecredential"]) == CREDENTIAL
    assert "openbadges" not in image.text
    # the iTXt chunk sits just before IEND (its 12-byte chunk), uncompressed
    itxt_at = baked.rfind(b"iTXtopenbadgecredential\x00\x00\x00")
    assert itxt_at > 0 and baked.find(b"IEND") > itxt_at
    rebaked = png_bake(baked, {"id": "urn:uuid:2"})
    assert json.loads(png_extract(rebaked)) == {"id": "urn:uuid:2"}
    assert rebaked.count(b"iTXtopenbadgecredential") == 1


def test_png_old_keyword_still_reads_and_rebaking_replaces_it() -> None:
    """Images baked before the keyword fix (OB3 JSON under 'openbadges') keep verifying."""
    old = png_bake(_png(), CREDENTIAL, keyword=OB2_KEYWORD)
    assert Image.open(io.BytesIO(old)).text["openbadges"]
    assert json.loads(png_extract(old)) == CREDENTIAL
    rebaked = png_bake(old, {"id": "urn:uuid:2"})
    assert b"iTXtopenbadges\x00" not in rebaked and rebaked.count(b"iTXtopenbadgecredential") == 1
    assert png_extract(old, keywords=(b"openbadgecredential",)) is None


def test_png_without_credential_and_garbage() -> None:
    assert png_extract(_png()) is None
    with pytest.raises(BakingError):
        png_bake(b"GIF89a", CREDENTIAL)


SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><circle r="4"/></svg>'


def test_svg_bake_and_extract() -> None:
    baked = svg_bake(SVG, CREDENTIAL)
    root = etree.fromstring(baked)
    assert root.nsmap["openbadges"] == OB_NS
    element = root[0]
    # an embedded-proof credential: no verify attribute (that is for a compact JWS)
    assert element.tag == f"{{{OB_NS}}}credential" and element.attrib == {}
    assert b"<![CDATA[" in baked
    assert json.loads(svg_extract(baked)) == CREDENTIAL
    assert root.find("{http://www.w3.org/2000/svg}circle") is not None
    assert svg_extract(SVG) is None
    with pytest.raises(BakingError):
        svg_bake(b"<html/>", CREDENTIAL)
    with pytest.raises(BakingError):
        svg_extract(
            b'<!DOCTYPE x [<!ENTITY a SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg">&a;</svg>'
            + b"<"
        )
