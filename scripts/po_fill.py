"""Fill translation catalogues: English from the msgids, French from a JSON file of translations.

Usage: .venv/bin/python scripts/po_fill.py [fr-translations.json]
English msgstrs equal their msgids (the source language); French entries missing from the JSON
are listed so nothing ships untranslated.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parents[1] / "src" / "sexto" / "locale"


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
        if entry.msgid in given:
            value = given[entry.msgid]
            if entry.msgid_plural:
                entry.msgstr_plural = {0: value[0], 1: value[1]}
            else:
                entry.msgstr = value
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
