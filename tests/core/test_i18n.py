"""Both languages complete: every message translated, placeholders consistent, French by default."""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.test import Client

LOCALE = Path(__file__).resolve().parents[2] / "src" / "sexto" / "locale"


@pytest.mark.parametrize("language", ["fr", "en"])
def test_catalogue_is_complete_and_valid(language: str) -> None:
    assert shutil.which("msgfmt"), "gettext is needed: apt-get install gettext"
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr


@pytest.mark.django_db
def test_french_by_default_and_english_on_request(client: Client) -> None:
    assert "Se connecter" in client.get("/").content.decode()
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert "Sign in" in client.get("/").content.decode()
