"""French typography (issue 18, ../shared/FRENCH.md): the mechanical rules — a non-breaking space
before the colon, no full space before ; ? !, one apostrophe (’), « » quotes, no ISO date in
running text — hold in every French translation (ours and our wording of allauth's) and on
rendered French pages."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import polib
import pytest
from django.test import Client

from sexto.core.french import french_typography, typography_problems
from tests.helpers import sign_in

LOCALES = Path(__file__).resolve().parents[1] / "src" / "sexto"
_MAIL_WORD = re.compile(r"\b(e-?mails?|mails?)\b", re.IGNORECASE)
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


def test_no_parenthesised_plural_in_french_or_english() -> None:
    """Found in the last round: « %(count)d ligne(s) comportent », « badge(s) importé(s) ».
    Counts go through ngettext, so each language writes its own singular and plural."""
    found = []
    for language in ("fr", "en"):
        catalogue = LOCALES / "locale" / language / "LC_MESSAGES" / "django.po"
        for entry in polib.pofile(str(catalogue)):
            for text in [entry.msgid, entry.msgstr, *entry.msgstr_plural.values()]:
                if re.search(r"\w\((s|e|es|x)\)", text):
                    found.append(f"{language}: {text[:70]!r}")
    assert not found, "\n".join(found)


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
            # Épicène wording, not the point médian (« Répondant·e Sexto » on /account/), and
            # « courriel » (FRENCH.md).
            if re.search(r"\w·\w", line) or _MAIL_WORD.search(re.sub(r"\S+@\S+", "", line)):
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


def test_the_first_of_the_month_is_written_1er_in_french_only() -> None:
    """OQLF: « le 1er décembre 2026 », not « le 1 décembre 2026 »; English keeps « December 1 »."""
    import datetime

    from django.template import Context, Template
    from django.utils import formats, timezone, translation

    first = timezone.make_aware(datetime.datetime(2026, 12, 1, 9, 5))
    with translation.override("fr"):
        assert formats.date_format(first, "DATETIME_FORMAT") == "1er décembre 2026 à 9 h 05"
        assert formats.date_format(first.date(), "DATE_FORMAT") == "1er décembre 2026"
        assert formats.date_format(first.date(), "SHORT_DATE_FORMAT") == "01/12/2026"
        assert formats.date_format(first.date() + datetime.timedelta(days=1)) == "2 décembre 2026"
        page = Template("{{ d|date }} {{ d|date:'Y-m-d' }}").render(Context({"d": first.date()}))
        assert page == "1er décembre 2026 2026-12-01"
    with translation.override("en"):
        assert formats.date_format(first.date(), "DATE_FORMAT") == "Dec. 1, 2026"


# --- E-mails, PDFs and CSV headers (issue 18): French wherever French is shown. ---------------


def french_text_problems(text: str) -> list[str]:
    """The mechanical rules, plus « courriel » (never e-mail) and no point médian, on a French
    text whose addresses are left aside."""
    prose = re.sub(r"\S+@\S+|https?://\S+", " ", text)
    problems = typography_problems(prose)
    if _MAIL_WORD.search(prose):
        problems.append(f"« courriel », not {_MAIL_WORD.search(prose)[0]!r}")  # type: ignore[index]
    if re.search(r"\w·\w", prose):
        problems.append("a point médian (write « les personnes répondantes »)")
    return problems


def _email_parts(message: Any) -> list[tuple[str, str]]:
    """The subject, the text body and, when there is one, the HTML body as a reader sees it."""
    parts = [("subject", str(message.subject)), ("text", str(message.body))]
    for content, mimetype in getattr(message, "alternatives", []):
        if mimetype == "text/html":
            body = re.sub(r"<(style|script|head)[^>]*>.*?</\1>", " ", content, flags=re.S)
            parts.append(("html", html.unescape(re.sub(r"<[^>]+>", " ", body))))
    return parts


@pytest.mark.django_db
def test_french_emails_follow_the_typography_and_say_courriel(world, client, mailoutbox) -> None:
    """Every e-mail Sexto and allauth send a French reader, text and HTML parts alike: no ISO
    date in a sentence (the badge reminder wrote « expire le 2027-01-31 »), « courriel » (allauth's
    « Cet email peut être ignoré »), French typography."""
    import datetime
    from types import SimpleNamespace

    from django.utils import timezone
    from django.utils.translation import gettext_noop

    from sexto.credentials import reminders as badge_reminders
    from sexto.directory.models import Membership
    from sexto.directory.services import _invitation_send, two_factor_reset
    from sexto.interventions.services.notifications import notify
    from sexto.training.demo import demo_program_seed
    from sexto.training.models import Level
    from sexto.training.services import review_notify

    person = world.people["coordinator"]
    assert person.preferred_language == "fr"
    notify(
        users=[person],
        kind="case.transfer",
        url="/cases/",
        reference="SX-2026-00001",
        subject=gettext_noop("a case was transferred to your school"),
    )
    badge_reminders._email(
        award=SimpleNamespace(recipient=person),  # type: ignore[arg-type]
        valid_until=timezone.make_aware(datetime.datetime(2027, 1, 31, 12, 0)),
        link="https://sexto.test/my/badges/",
    )
    level = Level.objects.get(program=demo_program_seed(), slug="explorateur")
    review_notify(learner=person, level=level, decision="approved")
    _invitation_send(user=person, membership=Membership.objects.filter(user=person).first())
    two_factor_reset(actor=None, user=person)
    french = Client(HTTP_ACCEPT_LANGUAGE="fr")
    french.post("/accounts/password/reset/", {"email": person.email})
    french.post("/accounts/password/reset/", {"email": "nobody@sexto.test"})
    assert len(mailoutbox) >= 7
    found = []
    for message in mailoutbox:
        for part, text in _email_parts(message):
            for problem in french_text_problems(text):
                found.append(f"{message.subject!r} ({part}): {problem}")
    assert not found, "\n".join(found)
    reminder = next(m for m in mailoutbox if "31 janvier 2027" in m.body)
    assert "le 31 janvier 2027" in reminder.body


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "greeting"), [("fr", "Bonjour, c’est Sexto!"), ("en", "Hello from Sexto")]
)
def test_allauths_emails_come_from_sexto_not_from_the_host_name(
    world, mailoutbox, language, greeting
) -> None:
    """Found in the last round: the password reset greeted « Bonjour, c’est testserver! » under the
    subject « [testserver] … » (the request's host, since the sites framework is not used)."""
    person = world.people["coordinator"]
    Client(HTTP_ACCEPT_LANGUAGE=language).post("/accounts/password/reset/", {"email": person.email})
    (message,) = mailoutbox
    assert message.subject.startswith("Sexto — ") and "testserver" not in message.subject
    assert greeting in message.body
    assert "c’est testserver" not in message.body and "from testserver" not in message.body


def test_the_training_content_in_french_follows_the_typography() -> None:
    """The modules, questions, criteria and descriptions we wrote (CADRE21's own badge name and
    description stay as the seed's attestation writes them)."""
    from sexto.training import content

    texts = [c for module in content.MODULES for c in (module[0], module[2])]
    texts += [question[0] for question in content.QUESTIONS + content.RENEWAL_QUESTIONS]
    texts += [shell[2] for shell in content.SHELLS]
    texts += [content.ARCHITECTE_DESCRIPTION_FR]
    texts += [content.explorateur_criteria(questions=3, min_length=200)[0]]
    texts += [content.architecte_criteria(cases=3, pass_mark=0.8)[0]]
    problems = {text[:60]: typography_problems(text) for text in texts}
    assert {k: v for k, v in problems.items() if v} == {}


def _bilingual_french(value: Any) -> list[str]:
    """Every French text a scenario holds, however deep (people, interviews, feedback)."""
    import dataclasses

    from sexto.training.simulations.scenarios import Bilingual

    if isinstance(value, Bilingual):
        return [value.fr]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [
            t for f in dataclasses.fields(value) for t in _bilingual_french(getattr(value, f.name))
        ]
    if isinstance(value, (list, tuple)):
        return [t for item in value for t in _bilingual_french(item)]
    if isinstance(value, dict):
        return [t for item in value.values() for t in _bilingual_french(item)]
    return []


def test_french_written_in_code_follows_the_typography() -> None:
    """The grid's reasons (every golden case), its validation errors (the API's `message_fr`) and
    the Architecte simulations sit in both languages in code, outside the catalogue: a French
    reader sees them on the case page, in the API and in the training, so they follow FRENCH.md
    too (one apostrophe, ’, was the finding)."""
    import json

    from sexto.interventions.grid import evaluate, validate
    from sexto.training.simulations.scenarios import SCENARIOS

    golden = json.loads(
        (Path(__file__).resolve().parents[2] / "shared" / "grid-cases.json").read_text()
    )
    texts = [r["fr"] for case in golden["cases"] for r in evaluate(case["incident"])["reasons"]]
    texts += [r["fr"] for s in SCENARIOS for r in s.expected_result["reasons"]]
    texts += _bilingual_french(list(SCENARIOS))
    hostile = {
        "schema": "sexto-grid/1",
        "people": [{"id": "P0", "age": "x", "roles": ["nobody"]}, {"id": "P0", "age": 14}],
        "content": {"medium": "hologram"},
        "surprise": 1,
    }
    texts += [error.fr for error in validate(hostile)]
    assert len(texts) > 100
    problems = {text[:70]: typography_problems(text) for text in texts}
    assert {k: v for k, v in problems.items() if v} == {}
