"""Baked PNG (iTXt 'openbadges') and SVG (<openbadges:credential>) images."""

from __future__ import annotations

import io
import json

import pytest
from lxml import etree
from PIL import Image

from sexto.credentials.ob3.baking import (
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
    assert json.loads(image.text["openbadges"]) == CREDENTIAL  # Pillow reads our iTXt
    # the iTXt chunk sits just before IEND, uncompressed
    assert (
        baked[-12 - 4 - 4 - 4 :].startswith(b"") and baked.rfind(b"iTXtopenbadges\x00\x00\x00") > 0
    )
    rebaked = png_bake(baked, {"id": "urn:uuid:2"})
    assert json.loads(png_extract(rebaked)) == {"id": "urn:uuid:2"}
    assert rebaked.count(b"iTXtopenbadges") == 1


def test_png_without_credential_and_garbage() -> None:
    assert png_extract(_png()) is None
    with pytest.raises(BakingError):
        png_bake(b"GIF89a", CREDENTIAL)


SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><circle r="4"/></svg>'


def test_svg_bake_and_extract() -> None:
    baked = svg_bake(SVG, CREDENTIAL, verify_url="https://sexto.example/verify/1")
    root = etree.fromstring(baked)
    assert root.nsmap["openbadges"] == OB_NS
    element = root[0]
    assert (
        element.tag == f"{{{OB_NS}}}credential"
        and element.get("verify") == "https://sexto.example/verify/1"
    )
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
