"""Write the product's own wording of django-allauth's messages (sign-in, two factors, password).

allauth's English is in Title Case ("Two-Factor Authentication") and its French does not follow
the OQLF's rules (straight apostrophes, « e-mail », a space before ? and !, an ordinary space
before the colon). Pages of the product read as one voice (issue 18), so this writes, from
allauth's own catalogue, `src/sexto/locale_thirdparty/{en,fr}/LC_MESSAGES/django.po`: English in
sentence case, French with the typography of ../shared/FRENCH.md. `settings.LOCALE_PATHS` lists
that directory, so these win over allauth's. Run after upgrading allauth:
    .venv/bin/python scripts/thirdparty_messages.py && make messages
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import allauth
import polib

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from sexto.core.french import french_typography as product_typography

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "src" / "sexto" / "locale_thirdparty"
SOURCE = Path(allauth.__file__).parent / "locale" / "fr" / "LC_MESSAGES" / "django.po"
# Words that keep their capital in a sentence.
PROPER = {"TOTP", "JavaScript", "JavaScript.", "Sexto", "Google", "Microsoft", "DPJ"}


def sentence_case(text: str) -> str:
    """ "Two-Factor Authentication" → "Two-factor authentication" (the first word keeps its
    capital; proper names and acronyms keep theirs)."""
    words = text.split(" ")
    if len(words) > 6:  # sentences: their capitals follow their periods already
        return text
    out = []
    for index, word in enumerate(words):
        if word in PROPER or not word[:1].isupper() or (word.isupper() and len(word) > 1):
            out.append(word)
            continue
        if index == 0 or words[index - 1][-1:] in ".?!:":
            head, *rest = word.split("-")
            out.append("-".join([head, *(part.lower() for part in rest)]))
        else:
            out.append(word.lower())
    return " ".join(out)


def french_typography(text: str) -> str:
    text = re.sub(
        r"\b([Ee])-mails?\b",
        lambda m: ("C" if m[1] == "E" else "c") + "ourriel" + ("s" if m[0].endswith("s") else ""),
        text,
    )
    return product_typography(text)


def write(language: str, entries: list[polib.POEntry]) -> None:
    catalogue = polib.POFile()
    catalogue.metadata = {
        "Content-Type": "text/plain; charset=UTF-8",
        "Language": language,
        "Plural-Forms": "nplurals=2; plural=(n > 1);"
        if language == "fr"
        else "nplurals=2; plural=(n != 1);",
    }
    for entry in entries:
        catalogue.append(entry)
    folder = TARGET / language / "LC_MESSAGES"
    folder.mkdir(parents=True, exist_ok=True)
    catalogue.save(str(folder / "django.po"))


def main() -> int:
    source = polib.pofile(str(SOURCE))
    english: list[polib.POEntry] = []
    french: list[polib.POEntry] = []
    for entry in source:
        if entry.obsolete:
            continue
        common = {"msgid": entry.msgid, "msgctxt": entry.msgctxt}
        if entry.msgid_plural:
            english_plural = {0: sentence_case(entry.msgid), 1: sentence_case(entry.msgid_plural)}
            if english_plural != {0: entry.msgid, 1: entry.msgid_plural}:
                english.append(
                    polib.POEntry(
                        **common, msgid_plural=entry.msgid_plural, msgstr_plural=english_plural
                    )
                )
            if any(entry.msgstr_plural.values()):
                french.append(
                    polib.POEntry(
                        **common,
                        msgid_plural=entry.msgid_plural,
                        msgstr_plural={
                            k: french_typography(v) for k, v in entry.msgstr_plural.items()
                        },
                    )
                )
            continue
        cased = sentence_case(entry.msgid)
        if cased != entry.msgid:
            english.append(polib.POEntry(**common, msgstr=cased))
        if entry.msgstr:
            french.append(polib.POEntry(**common, msgstr=french_typography(entry.msgstr)))
    write("en", english)
    write("fr", french)
    print(f"en: {len(english)} entries, fr: {len(french)} entries → {TARGET}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
