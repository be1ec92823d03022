"""The mechanical rules of French typography (../shared/FRENCH.md, the OQLF's): a non-breaking
space before the colon, no full space before ; ? ! (a thin one is allowed), the typographic
apostrophe, French quotes with non-breaking spaces inside. Applied to every French translation
when the catalogues are filled (scripts/po_fill.py), and checked on the catalogues and on
rendered pages (tests/test_french_typography.py). Markup, placeholders and addresses are left as
they are."""

from __future__ import annotations

import re

from django.utils import translation

NBSP = "\u00a0"
THIN_NBSP = "\u202f"
# What is not text: HTML tags, Python and Django placeholders, template tags, addresses.
_NOT_TEXT = re.compile(
    r"(<[^>]+>|%\([^)]+\)[sdfr]|%[sdfr]|\{\{.*?\}\}|\{%.*?%\}|https?://\S+|&[a-z]+;)"
)
_COLON = re.compile(r"[ \u202f\u00a0]*:(?=[\s\u00a0]|$)")
_BEFORE_MARK = re.compile(r"[ \u00a0]+([;?!])")
_QUOTED = re.compile(r"\"\s*([^\"]+?)\s*\"")
# A percent sign (literal, or %% in a format string) after a full space: « 94,1 % ».
_BEFORE_PERCENT = re.compile(r"[ \u202f](?=%)")


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
    prose = _BEFORE_PERCENT.sub(NBSP, prose)
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
    if _BEFORE_PERCENT.search(prose):
        problems.append("a full space before %")
    if re.search(r"\b\d{4}-\d{2}-\d{2}\b", prose):
        problems.append("an ISO date in running text")
    return problems


# Organisation names in sentences (FRENCH.md): « desservie par le Service de police… »,
# « Vous travaillez à l’École secondaire… ». The article comes from the name's first word; a name
# whose first word is not listed (an English name, « Riverview High School ») takes none.
_MASCULINE = frozenset(
    [
        "bureau",
        "cadre21",
        "carrefour",
        "centre",
        "cégep",
        "collège",
        "comité",
        "conseil",
        "corps",
        "département",
        "directeur",
        "groupe",
        "institut",
        "ministère",
        "poste",
        "regroupement",
        "réseau",
        "secrétariat",
        "service",
    ]
)
_FEMININE = frozenset(
    [
        "académie",
        "agence",
        "association",
        "commission",
        "direction",
        "division",
        "école",
        "équipe",
        "escouade",
        "fédération",
        "fondation",
        "maison",
        "municipalité",
        "polyvalente",
        "police",
        "régie",
        "sûreté",
        "ville",
    ]
)
_CONTRACTED = {("à", "le "): "au ", ("de", "le "): "du "}
_VOWELS = tuple("aàâeéèêëiîïoôuùûüyhAÀÂEÉÈÊËIÎÏOÔUÙÛÜYH")


def _article(name: str) -> str:
    first = re.split(r"[\s\u00a0—–-]+", name.strip(), maxsplit=1)[0]
    word = first.lower()
    if word in _MASCULINE or word in _FEMININE:
        if first.startswith(_VOWELS):
            return "l’"
        return "le " if word in _MASCULINE else "la "
    if len(first) > 1 and first.isupper() and first.isalpha():  # an acronym: le SPVM, l’UPAC
        return "l’" if first.startswith(_VOWELS) else "le "
    return ""


def name_with_article(name: str, *, preposition: str = "", capital: bool = False) -> str:
    """An organisation's name as it reads in a French sentence, its article contracted with the
    preposition: ("Service de police…", "à") → « au Service de police… »; ("École secondaire…",
    "à") → « à l’École secondaire… »; ("Centre de services…", "de") → « du Centre de services… »;
    capital=True at the start of a sentence (« Le Service de police… »)."""
    article = _article(name)
    if preposition:
        contracted = _CONTRACTED.get((preposition, article))
        if contracted is not None:
            text = contracted + name
        elif not article and preposition == "de" and name.startswith(_VOWELS):
            text = "d’" + name
        else:
            text = f"{preposition} {article}{name}"
    else:
        text = article + name
    return text[:1].upper() + text[1:] if capital else text


def name_in_sentence(name: str, *, preposition: str = "", capital: bool = False) -> str:
    """The name as the active language's sentence needs it: in French with its article and the
    preposition (`name_with_article`), so the French msgstr leaves the preposition out
    (« Transmettre le dossier %(force)s »); in English the name alone, the msgid carrying its own
    preposition."""
    if (translation.get_language() or "fr").startswith("fr"):
        return name_with_article(name, preposition=preposition, capital=capital)
    return name


def first_of_month_ordinal_install() -> None:
    """French writes the first day of a month as an ordinal (« le 1er décembre 2026 », OQLF);
    Django's `j` prints « 1 ». Only our French DATE_FORMAT and DATETIME_FORMAT (sexto/formats/fr)
    use `j`, so the day is written « 1er » there, in French only, and nowhere else."""
    from django.utils.dateformat import DateFormat

    if getattr(DateFormat.j, "ordinal_first", False):
        return
    day_of_month = DateFormat.j

    def j(self: DateFormat) -> int | str:
        day = day_of_month(self)
        if day == 1 and (translation.get_language() or "").startswith("fr"):
            return "1er"
        return day

    j.ordinal_first = True  # type: ignore[attr-defined]
    DateFormat.j = j  # type: ignore[method-assign,assignment]
