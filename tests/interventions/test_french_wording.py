"""The case's audit-trail CSV read in French (issue 18): its heading sentence writes the date out
(« le 4 décembre 2026 à 10 h 07 »), never an ISO timestamp in a sentence; each event keeps its
exact ISO time in its own column."""

from __future__ import annotations

import csv
import html
import io
import re
from typing import Any

import pytest
from django.utils import translation

from sexto.interventions.services.access import case_audit_export
from tests.test_french_typography import french_text_problems

pytestmark = pytest.mark.django_db


def test_audit_trail_csv_heading_is_french_prose(people: dict[str, Any], open_case: Any) -> None:
    case = open_case()
    with translation.override("fr"):
        content = case_audit_export(actor=people["privacy"], case=case)
    rows = list(csv.reader(io.StringIO(content)))
    heading = [rows[0][0], rows[1][0]]
    assert heading[0].startswith("Journal d") or case.number in heading[0]
    assert re.search(r" le \d{1,2} \w+ \d{4} à \d{1,2} h \d{2}$", heading[1]), heading[1]
    assert not [line for line in heading if french_text_problems(line)], heading
    # The events themselves keep their exact, machine-readable time.
    assert re.match(r"\d{4}-\d{2}-\d{2}T", rows[4][0])


def test_case_page_names_the_police_force_with_its_article(
    client: Any, people: dict[str, Any], open_case: Any
) -> None:
    """FRENCH.md: « desservi par le Service de police… », « Transmettre le dossier au Service de
    police… » (the page used to read « desservi par Service de police… »)."""
    from tests.helpers import sign_in

    case = open_case()
    sign_in(client, people["coordinator"].email)
    page = client.get(f"/cases/{case.pk}/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))
    assert "desservi par le Service de police de la Ville de Saint-Jérôme" in text
    assert "Transmettre le dossier au Service de police de la Ville de Saint-Jérôme" in text


@pytest.mark.parametrize(
    ("name", "preposition", "expected"),
    [
        ("Service de police de la Ville de Saint-Jérôme", "à", "au Service de police de la Ville"),
        ("Service de police de la Ville de Saint-Jérôme", "par", "par le Service de police"),
        ("École secondaire des Hauts-Sommets", "à", "à l’École secondaire"),
        ("Centre de services scolaire des Mille-Lacs", "de", "du Centre de services"),
        ("Sûreté du Québec — MRC des Pays-d’en-Haut", "par", "par la Sûreté du Québec"),
        ("SPVM", "à", "au SPVM"),
        ("Riverview High School", "à", "à Riverview High School"),
        ("Island School Board", "de", "d’Island School Board"),
    ],
)
def test_names_take_their_french_article(name: str, preposition: str, expected: str) -> None:
    from sexto.core.french import name_in_sentence, name_with_article

    assert name_with_article(name, preposition=preposition).startswith(expected)
    with translation.override("en"):
        assert name_in_sentence(name, preposition=preposition) == name
