"""Issue 16, item 10: attestations do not change after the fact. An award keeps the level's
title, the badge's name, the description and the criteria (French and English) as they read
when it was awarded; the attestation PDF, the verification page, the signed credential and
"My badges" read that snapshot, never the live level. Existing awards got theirs from a data
migration."""
# ruff: noqa: F811 (the fixtures are imported below, then named as test arguments)

from __future__ import annotations

import importlib
import json
import re
import subprocess
from pathlib import Path

import pytest
from django.apps import apps
from django.urls import reverse

from sexto.credentials.attestation import attestation_pdf
from sexto.credentials.models import Award, IssuedCredential
from sexto.credentials.services import credential_for
from tests.credentials.member_fixtures import asantos_award, member_profile_set  # noqa: F401
from tests.helpers import FormClient

pytestmark = pytest.mark.django_db

OLD = {
    "badge_fr": "Trousse d'intervention Sexto 1 - Explorateur",
    "badge_en": "Sexto response kit 1 - Explorateur",
    "description_fr": "Pour des raisons légales",
    "description_en": "For legal reasons",
    "criteria_fr": "Lire chacun des modules du niveau",
    "criteria_en": "Read every module of the level",
}


def _pdf_text(pdf: bytes, tmp_path: Path) -> str:
    """The PDF's text as poppler's pdftotext extracts it (Debian poppler-utils)."""
    source = tmp_path / "attestation.pdf"
    source.write_bytes(pdf)
    done = subprocess.run(
        ["pdftotext", "-layout", str(source), "-"], check=True, capture_output=True, text=True
    )
    return re.sub(r"\s+", " ", done.stdout)


def _rewrite_the_level(award: Award) -> None:
    """A trainer rewords the level and renames the program after the award."""
    level = award.level
    level.title_fr = level.title_en = "Navigateur"
    level.description_fr = "Nouvelle description réécrite après coup."
    level.description_en = "A new description written afterwards."
    level.criteria_fr = "Nouveaux critères ajoutés après coup."
    level.criteria_en = "New criteria added afterwards."
    level.save()
    program = level.program
    program.title_fr = "Programme renommé"
    program.title_en = "Renamed program"
    program.save()


def test_the_award_keeps_the_level_as_it_read(asantos_award: Award) -> None:
    snapshot = asantos_award.level_snapshot
    assert snapshot["position"] == 1
    assert snapshot["title"] == {"fr": "Explorateur", "en": "Explorateur"}
    assert snapshot["badge_name"] == {"fr": OLD["badge_fr"], "en": OLD["badge_en"]}
    assert snapshot["description"]["fr"].startswith(OLD["description_fr"])
    assert snapshot["description"]["en"].startswith(OLD["description_en"])
    assert snapshot["criteria"]["fr"].startswith(OLD["criteria_fr"])
    assert snapshot["criteria"]["en"].startswith(OLD["criteria_en"])


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_attestation_pdf_still_shows_the_old_texts(
    asantos_award: Award, language: str, tmp_path: Path
) -> None:
    _rewrite_the_level(asantos_award)
    award = Award.objects.get(pk=asantos_award.pk)
    text = _pdf_text(attestation_pdf(award=award, language=language), tmp_path)
    assert OLD[f"badge_{language}"] in text
    assert OLD[f"description_{language}"] in text
    assert OLD[f"criteria_{language}"] in text
    for new in ("Navigateur", "Renamed program", "Programme renommé", "afterwards", "après coup"):
        assert new not in text


def test_the_verification_page_and_a_late_credential_still_show_the_old_texts(
    asantos_award: Award,
) -> None:
    _rewrite_the_level(asantos_award)
    award = Award.objects.get(pk=asantos_award.pk)
    # Signed only now (an award older than signing): still the texts of the award's day.
    IssuedCredential.objects.filter(award=award).delete()
    achievement = json.loads(credential_for(award).signed)["credentialSubject"]["achievement"]
    assert achievement["name"] == OLD["badge_en"]  # asantos reads English
    assert achievement["description"].startswith(OLD["description_en"])
    assert achievement["criteria"]["narrative"].startswith(OLD["criteria_en"])

    page = FormClient(HTTP_ACCEPT_LANGUAGE="en").get(f"/verify/{award.pk}").content.decode()
    assert 'data-testid="verdict"' in page and "authentic and valid" in page
    assert OLD["badge_en"] in page
    assert OLD["description_en"] in page
    assert OLD["criteria_en"] in page
    assert "Navigateur" not in page and "afterwards" not in page


def test_my_badges_still_shows_the_old_badge_name(asantos_award: Award) -> None:
    _rewrite_the_level(asantos_award)
    client = FormClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(asantos_award.recipient)
    page = client.get(reverse("credentials:member_badges")).content.decode()
    assert OLD["badge_en"] in page
    assert "Navigateur" not in page


def test_the_data_migration_fills_existing_awards_from_their_level(asantos_award: Award) -> None:
    Award.objects.filter(pk=asantos_award.pk).update(level_snapshot={})
    migration = importlib.import_module("sexto.credentials.migrations.0004_award_level_snapshot")
    migration.awards_snapshot(apps, None)
    award = Award.objects.get(pk=asantos_award.pk)
    assert award.level_snapshot == asantos_award.level_snapshot
