"""French typography (issue 18, ../shared/FRENCH.md): the mechanical rules — a non-breaking space
before the colon, no full space before ; ? !, one apostrophe (’), « » quotes, no ISO date in
running text — hold in every French translation (ours and our wording of allauth's) and on
rendered French pages."""

from __future__ import annotations

import html
import re
from pathlib import Path

import polib
import pytest
from django.test import Client

from sexto.core.french import french_typography, typography_problems
from tests.helpers import sign_in

LOCALES = Path(__file__).resolve().parents[1] / "src" / "sexto"
CATALOGUES = [
    LOCALES / "locale" / "fr" / "LC_MESSAGES" / "django.po",
    LOCALES / "locale_thirdparty" / "fr" / "LC_MESSAGES" / "django.po",
]


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda p: p.parent.parent.parent.name)
def test_every_french_translation_follows_the_typography(catalogue: Path) -> None:
    found = []
    for entry in polib.pofile(str(catalogue)):
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            if text and typography_problems(text):
                found.append(f"{entry.msgid[:60]!r}: {typography_problems(text)}")
    assert not found, f"{len(found)} translations:\n" + "\n".join(found[:30])


def test_the_rules_fix_what_they_find() -> None:
    assert french_typography("Rien n'a été enregistré : réessayez.") == (
        "Rien n’a été enregistré\u00a0: réessayez."
    )
    assert french_typography("%(label)s: %(error)s") == "%(label)s\u00a0: %(error)s"
    assert french_typography('Voir "errors" ?') == "Voir «\u00a0errors\u00a0»?"
    assert french_typography("<a href='/x'>l'école</a>") == "<a href='/x'>l’école</a>"
    assert typography_problems("Quand\u202f?") == []  # a thin space is allowed
    assert typography_problems("le 2026-12-03") == ["an ISO date in running text"]


def _visible_text(page: str) -> str:
    body = page.split("<main", 1)[1].split("</main>", 1)[0]
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", body, flags=re.S)
    body = re.sub(r"<input[^>]*>|<textarea[^>]*>.*?</textarea>", " ", body, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "\n", body))


@pytest.mark.django_db
def test_rendered_french_pages_have_no_space_before_a_colon_nor_iso_dates(world, client) -> None:
    pages = ["/", "/accounts/login/"]
    anonymous = Client(HTTP_ACCEPT_LANGUAGE="fr")
    found = []
    for path in pages:
        text = _visible_text(anonymous.get(path).content.decode())
        found += [f"{path}: {line.strip()!r}" for line in text.splitlines() if " :" in line]
    sign_in(client, world.people["coordinator"].email)
    for path in ["/cases/", "/alerts/", "/account/", "/training/", "/badges/"]:
        response = client.get(path, HTTP_ACCEPT_LANGUAGE="fr", follow=True)
        text = _visible_text(response.content.decode())
        for line in text.splitlines():
            if re.search(r"[^\u00a0\d]:(\s|$)", line) or " :" in line:
                found.append(f"{path}: {line.strip()!r}")
    assert not found, "\n".join(found[:20])


def test_french_dates_and_times_are_written_out() -> None:
    """FRENCH.md: « le 3 décembre 2026 à 11 h 58 » in text, not « 3 décembre 2026 11:58 »."""
    import datetime

    from django.utils import formats, timezone, translation

    moment = timezone.make_aware(datetime.datetime(2026, 12, 3, 11, 58))
    with translation.override("fr"):
        assert formats.date_format(moment, "DATETIME_FORMAT") == "3 décembre 2026 à 11 h 58"
        assert formats.time_format(moment.time(), "TIME_FORMAT") == "11 h 58"
    with translation.override("en"):
        assert "11:58" in formats.date_format(moment, "DATETIME_FORMAT")
