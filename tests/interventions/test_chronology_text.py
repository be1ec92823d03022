"""The chronology names what the product defines in the reader's language (issue 18: a new user
saw raw codes such as `sexto_procedure / impulsive` on French pages, and French values on English
pages)."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone, translation

from sexto.interventions import services
from sexto.interventions.chronology import chronology_text
from sexto.interventions.models import CaseStep
from sexto.interventions.services.dg_report import case_dg_report_sent
from tests.grid_answers import grid_answers
from tests.helpers import sign_in

pytestmark = pytest.mark.django_db


def _chronology(client, case, language: str) -> str:
    client.cookies["django_language"] = language
    html = client.get(f"/cases/{case.pk}/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    start = html.index('id="chronology"')
    return re.sub(r'datetime="[^"]*"', "", html[start : html.index("</section>", start)])


def test_entries_written_in_french_read_in_english_and_codes_never_show(case, people, client):
    coordinator = people["coordinator"]
    with translation.override("fr"):
        services.case_grid_save(actor=coordinator, case=case, answers=grid_answers())
        step = CaseStep.objects.get(case=case, key="inform_parents")
        services.case_step_update(
            actor=coordinator,
            step=step,
            state="not_applicable",
            note="Parents déjà rencontrés la veille.",
            version=step.version,
        )
        case_dg_report_sent(
            actor=people["principal"],
            case=case,
            sent_on=timezone.localdate(),
        )
    sign_in(client, coordinator.email)
    english = _chronology(client, case, "en")
    for code in ("sexto_procedure", "impulsive /", "/ impulsive", "inform_parents"):
        assert code not in english
    assert "Sexto procedure: inform the police through the kit" in english
    assert "Impulsive (preliminary)" in english
    assert "Informer" not in english and "Procédure" not in english
    french = _chronology(client, case, "fr")
    for code in ("sexto_procedure", "impulsive", "inform_parents"):
        assert code not in french
    assert "Procédure Sexto" in french
    iso_yesterday = timezone.localdate().isoformat()
    assert iso_yesterday not in french and iso_yesterday not in english


def test_older_entries_and_user_text_show_as_written():
    assert chronology_text(kind="step.done", text="Informer les parents") == "Informer les parents"
    assert chronology_text(kind="note", text="sexto_procedure") == "sexto_procedure"
    assert chronology_text(kind="takedown.status", text="Instagram — Envoyée") == (
        "Instagram — Envoyée"
    )
    assert chronology_text(kind="youth_protection.report", text="Signalement") == ""
    assert chronology_text(kind="case.dg_report_sent", text="not a date") == "not a date"
