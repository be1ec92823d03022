"""The attestation PDF for the seed's member: like the original (shared/seed), in French and in
English, one page, fonts embedded, a QR code to the verification page; a PNG of each is saved."""
# ruff: noqa: F811 (the fixtures are imported below, then named as test arguments)

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation import gettext
from pypdf import PdfReader

from sexto.credentials.attestation import attestation_pdf, award_verify_url
from sexto.credentials.models import Award
from sexto.training import content
from tests.credentials.member_fixtures import asantos_award, member_profile_set  # noqa: F401

pytestmark = pytest.mark.django_db

SCREENSHOTS = Path("/tmp/sexto-screenshots")


def _text(pdf: bytes) -> tuple[str, PdfReader]:
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    return re.sub(r"\s+", " ", text), reader


def _squash(value: str) -> str:
    return re.sub(r"\s+", " ", value).strip()


def _png(pdf: bytes, name: str) -> Path:
    """The first page as a PNG, with poppler's pdftoppm (Debian poppler-utils)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    source = SCREENSHOTS / f"{name}.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "110", "-singlefile", str(source), str(SCREENSHOTS / name)],
        check=True,
    )
    return SCREENSHOTS / f"{name}.png"


@pytest.mark.parametrize(
    ("language", "badge", "description"),
    [
        ("fr", "Trousse d'intervention Sexto 1 - Explorateur", "Pour des raisons légales"),
        ("en", "Sexto response kit 1 - Explorateur", "For legal reasons"),
    ],
)
def test_asantos_attestation_is_like_the_seed(
    asantos_award: Award, language: str, badge: str, description: str
) -> None:
    # Labels through the catalogue: "Preuve et attestation de développement professionnel" and
    # "Date d'obtention" in French once the translations are merged (fr-credentials-members.json).
    with translation.override(language):
        title = gettext("Proof and attestation of professional development")
        date_label = gettext("Date awarded")
    member_profile_set(asantos_award.recipient, public=True, show_name=True)
    pdf = attestation_pdf(award=asantos_award, language=language)
    text, reader = _text(pdf)

    assert len(reader.pages) == 1  # her three answers fit on one page
    assert title in text
    assert badge in text
    assert "Ana Santos (asantos)" in text
    assert "/members/asantos/" in text
    assert date_label.lower() in text.lower()  # shown in capitals
    assert "2024-03-14 16:43:05" in text  # local time, as on the seed (20:43:05Z)
    assert "CADRE21" in text
    assert description in text
    for number, answer in enumerate(content.ASANTOS_ANSWERS, start=1):
        assert f"Question {number} - " in text
        assert _squash(answer) in text
    assert award_verify_url(asantos_award) in text

    # Fonts embedded (each font has its file in the PDF): it reads the same everywhere.
    fonts = reader.pages[0]["/Resources"]["/Font"]
    for ref in fonts.values():
        font = ref.get_object()
        descriptor = (font.get("/FontDescriptor") or font["/DescendantFonts"][0].get_object()
                      ["/FontDescriptor"]).get_object()  # fmt: skip
        assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))

    png = _png(pdf, f"attestation-asantos-{language}")
    assert png.exists() and png.stat().st_size > 20_000


def test_the_qr_code_leads_to_the_verification_page(asantos_award: Award) -> None:
    from sexto.credentials.attestation import qr_svg

    svg = str(qr_svg(award_verify_url(asantos_award)))
    assert svg.lstrip().startswith("<svg") and "<path" in svg
    html_pdf = attestation_pdf(award=asantos_award, language="en")
    assert html_pdf.startswith(b"%PDF-")
    assert award_verify_url(asantos_award).endswith(f"/verify/{asantos_award.pk}")


def test_name_is_left_out_unless_the_member_opted_in(asantos_award: Award) -> None:
    text, _reader = _text(attestation_pdf(award=asantos_award, language="en"))
    assert "asantos" in text
    assert "Ana Santos" not in text
    assert "/members/asantos/" not in text  # no public profile to point to


def test_french_attestation_uses_the_glossary_and_french_typography(asantos_award: Award) -> None:
    """Issue 18: the attestation's own words in French follow FRENCH.md (épicène: « les
    réponses soumises », not « de l’apprenant »; a non-breaking space before each colon;
    « courriel »; no point médian). The badge's description and the answers are CADRE21's and
    the member's texts, kept as written; its date stays all-numeric in its label/value pair
    (OQLF: fine in tables)."""
    pdf = attestation_pdf(award=asantos_award, language="fr")
    # Not squashed: `\s` would turn the non-breaking spaces into plain ones.
    text = "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)
    assert re.search(r"réponses\s+soumises", text, re.IGNORECASE)  # not « de l’apprenant »
    assert not re.search(r"l[’']apprenant\b", text, re.IGNORECASE)
    assert not re.search(r"[^\u00a0]:(\s|$)", re.sub(r"https?://\S+", "", text))
    assert not re.search(r"\b(e-?mails?|mails?)\b|\w·\w", text, re.IGNORECASE)
