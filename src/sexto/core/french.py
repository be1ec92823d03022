"""The mechanical rules of French typography (../shared/FRENCH.md, the OQLF's): a non-breaking
space before the colon, no full space before ; ? ! (a thin one is allowed), the typographic
apostrophe, French quotes with non-breaking spaces inside. Applied to every French translation
when the catalogues are filled (scripts/po_fill.py), and checked on the catalogues and on
rendered pages (tests/test_french_typography.py). Markup, placeholders and addresses are left as
they are."""

from __future__ import annotations

import re

NBSP = "\u00a0"
THIN_NBSP = "\u202f"
# What is not text: HTML tags, Python and Django placeholders, template tags, addresses.
_NOT_TEXT = re.compile(
    r"(<[^>]+>|%\([^)]+\)[sdfr]|%[sdfr]|\{\{.*?\}\}|\{%.*?%\}|https?://\S+|&[a-z]+;)"
)
_COLON = re.compile(r"[ \u202f\u00a0]*:(?=[\s\u00a0]|$)")
_BEFORE_MARK = re.compile(r"[ \u00a0]+([;?!])")
_QUOTED = re.compile(r"\"\s*([^\"]+?)\s*\"")


def _protect(text: str) -> tuple[str, list[str]]:
    """The text with each piece that is not prose replaced by a private-use character (so the
    rules see "« %s »" whole, and never touch a tag or a placeholder)."""
    pieces: list[str] = []

    def keep(match: re.Match[str]) -> str:
        pieces.append(match[0])
        return chr(0xE000 + len(pieces) - 1)

    return _NOT_TEXT.sub(keep, text), pieces


def _restore(text: str, pieces: list[str]) -> str:
    return re.sub("[\ue000-\uf8ff]", lambda m: pieces[ord(m[0]) - 0xE000], text)


def french_typography(text: str) -> str:
    """The text with French typography, its markup and placeholders untouched."""
    prose, pieces = _protect(text)
    prose = prose.replace("'", "’")
    prose = _COLON.sub(NBSP + ":", prose)
    prose = _BEFORE_MARK.sub(r"\1", prose)
    prose = _QUOTED.sub("«" + NBSP + r"\1" + NBSP + "»", prose)
    return _restore(prose, pieces)


def typography_problems(text: str) -> list[str]:
    """What breaks the mechanical rules in this French text (empty when it follows them)."""
    problems = []
    prose, _pieces = _protect(text)
    if "'" in prose:
        problems.append("straight apostrophe")
    if re.search(r"(^|[^\u00a0]):(?=[\s\u00a0]|$)", prose):
        problems.append("no non-breaking space before a colon")
    if _BEFORE_MARK.search(prose):
        problems.append("a full space before ; ? or !")
    if '"' in prose:
        problems.append("straight quotes instead of « »")
    if re.search(r"\b\d{4}-\d{2}-\d{2}\b", prose):
        problems.append("an ISO date in running text")
    return problems
