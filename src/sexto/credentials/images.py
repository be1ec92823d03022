"""Badge images drawn in code: an SVG (built as text) and a PNG (Pillow) per badge slug, and
OB 2.0 SVG baking (OB3 baking is in ``ob3/baking.py``)."""

from __future__ import annotations

import hashlib
import io
from functools import lru_cache
from html import escape

from lxml import etree
from PIL import Image, ImageDraw, ImageFont

from sexto.credentials.ob3.baking import BakingError, _svg_root

SIZE = 400
OB2_NS = "http://openbadges.org"

# One colour pair per level (the demo's four), any other badge gets one from its slug's hash.
PALETTE = {
    "explorateur": ("#0f766e", "#5eead4"),
    "architecte": ("#1d4ed8", "#93c5fd"),
    "virtuose": ("#7e22ce", "#d8b4fe"),
    "innovateur": ("#b45309", "#fcd34d"),
}
FALLBACK = [("#be123c", "#fda4af"), ("#15803d", "#86efac"), ("#334155", "#cbd5e1")]
STARS = {"explorateur": 1, "architecte": 2, "virtuose": 3, "innovateur": 4}


def _style(badge_slug: str) -> tuple[str, str, str, int]:
    """(dark colour, light colour, label, stars) for a badge slug like ``sexto-explorateur``."""
    program, _sep, level = badge_slug.partition("-")
    level = level or program
    colours = (
        PALETTE.get(level)
        or FALLBACK[int(hashlib.sha256(badge_slug.encode()).hexdigest(), 16) % len(FALLBACK)]
    )
    label = level.replace("-", " ").upper()[:14]
    return colours[0], colours[1], label, STARS.get(level, 1)


def _hexagon(cx: float, cy: float, r: float) -> list[tuple[float, float]]:
    import math

    return [
        (cx + r * math.cos(math.radians(60 * i - 90)), cy + r * math.sin(math.radians(60 * i - 90)))
        for i in range(6)
    ]


def _star(cx: float, cy: float, r: float) -> list[tuple[float, float]]:
    import math

    points = []
    for i in range(10):
        radius = r if i % 2 == 0 else r * 0.45
        angle = math.radians(36 * i - 90)
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return points


def _star_centres(count: int) -> list[tuple[float, float]]:
    gap = 34
    start = SIZE / 2 - gap * (count - 1) / 2
    return [(start + gap * i, 262) for i in range(count)]


def _points(points: list[tuple[float, float]]) -> str:
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in points)


@lru_cache(maxsize=64)
def badge_svg(badge_slug: str) -> bytes:
    """The badge as a standalone SVG (no scripts, no external references)."""
    dark, light, label, stars = _style(badge_slug)
    star_shapes = "".join(
        f'<polygon points="{_points(_star(x, y, 13))}" fill="{light}"/>'
        for x, y in _star_centres(stars)
    )
    title = escape(f"Sexto — {label.title()}")
    font = 'font-family="DejaVu Sans, Arial, sans-serif" font-weight="bold" text-anchor="middle"'
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SIZE} {SIZE}" '
        f'width="{SIZE}" height="{SIZE}" role="img" aria-label="{title}">',
        f"<title>{title}</title>",
        f'<polygon points="{_points(_hexagon(200, 200, 190))}" fill="{dark}"/>',
        f'<polygon points="{_points(_hexagon(200, 200, 168))}" fill="none" '
        f'stroke="{light}" stroke-width="6"/>',
        f'<text x="200" y="168" {font} font-size="64" fill="#ffffff">SEXTO</text>',
        f'<rect x="62" y="188" width="276" height="46" rx="8" fill="{light}"/>',
        f'<text x="200" y="222" {font} font-size="28" fill="{dark}">{escape(label)}</text>',
        star_shapes,
        "</svg>",
    ]
    svg = "\n".join(parts) + "\n"
    return svg.encode("utf-8")


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    for path in (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
        "DejaVuSans-Bold.ttf",
    ):
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    return ImageFont.load_default(size=size)


@lru_cache(maxsize=64)
def badge_png(badge_slug: str) -> bytes:
    """The same badge drawn with Pillow, antialiased by drawing at twice the size."""
    dark, light, label, stars = _style(badge_slug)
    scale = 2
    image = Image.new("RGBA", (SIZE * scale, SIZE * scale), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)

    def s(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
        return [(x * scale, y * scale) for x, y in points]

    draw.polygon(s(_hexagon(200, 200, 190)), fill=dark)
    draw.polygon(s(_hexagon(200, 200, 168)), outline=light, width=6 * scale)
    draw.text(
        (200 * scale, 146 * scale), "SEXTO", font=_font(64 * scale), fill="#ffffff", anchor="mm"
    )
    draw.rounded_rectangle(
        (62 * scale, 188 * scale, 338 * scale, 234 * scale), radius=8 * scale, fill=light
    )
    draw.text((200 * scale, 211 * scale), label, font=_font(28 * scale), fill=dark, anchor="mm")
    for x, y in _star_centres(stars):
        draw.polygon(s(_star(x, y, 13)), fill=light)
    image = image.resize((SIZE, SIZE), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def svg_bake_ob2(svg: bytes, assertion_json: str, *, verify_url: str) -> bytes:
    """OB 2.0 SVG baking: ``<openbadges:assertion verify="…">`` with the JSON in CDATA."""
    root = _svg_root(svg)
    nsmap = dict(root.nsmap)
    nsmap["openbadges"] = OB2_NS
    new_root = etree.Element(root.tag, nsmap=nsmap, attrib=dict(root.attrib))
    new_root.text = root.text
    element = etree.SubElement(new_root, f"{{{OB2_NS}}}assertion")
    element.set("verify", verify_url)
    element.text = etree.CDATA(assertion_json.replace("]]>", "]]\\u003e"))
    element.tail = root.text
    for child in root:
        new_root.append(child)
    return bytes(etree.tostring(new_root, xml_declaration=True, encoding="UTF-8"))


def svg_extract_ob2(svg: bytes) -> str | None:
    """The baked OB 2.0 assertion of an SVG, or None."""
    element = _svg_root(svg).find(f"{{{OB2_NS}}}assertion")
    if element is None:
        return None
    return element.text or element.get("verify")


__all__ = ["BakingError", "badge_png", "badge_svg", "svg_bake_ob2", "svg_extract_ob2"]
