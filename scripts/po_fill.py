"""Fill translation catalogues: English from the msgids, French from a JSON file of translations,
every French translation put in French typography (sexto.core.french).

Usage: .venv/bin/python scripts/po_fill.py [fr-translations.json]
English msgstrs equal their msgids (the source language); French entries missing from the JSON
are listed so nothing ships untranslated.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from sexto.core.french import french_typography  # noqa: E402

LOCALE = ROOT / "src" / "sexto" / "locale"


def main() -> int:
    english = polib.pofile(str(LOCALE / "en" / "LC_MESSAGES" / "django.po"))
    for entry in english:
        if entry.msgid_plural:
            entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
        else:
            entry.msgstr = entry.msgid
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    english.save()

    french = polib.pofile(str(LOCALE / "fr" / "LC_MESSAGES" / "django.po"))
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    given = json.loads(source.read_text() or "{}") if source and source.is_file() else {}
    missing = []
    for entry in french:
        # French typography on every translation, old and new (sexto.core.french).
        if entry.msgstr:
            entry.msgstr = french_typography(entry.msgstr)
        if entry.msgstr_plural:
            entry.msgstr_plural = {k: french_typography(v) for k, v in entry.msgstr_plural.items()}
        if entry.msgid in given:
            value = given[entry.msgid]
            if entry.msgid_plural:
                entry.msgstr_plural = {k: french_typography(v) for k, v in enumerate(value[:2])}
            else:
                entry.msgstr = french_typography(value)
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
        elif not (entry.msgstr or any(entry.msgstr_plural.values())) or "fuzzy" in entry.flags:
            missing.append(entry.msgid)
    french.save()
    for msgid in missing:
        print(f"untranslated (fr): {msgid!r}")
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
