"""The attestation PDF, like the original one (shared/seed): "Preuve et attestation de
développement professionnel" — issuer, program and level, badge, member, date and time of award,
the level's description, the learner's answers as approved, and a QR code to the public
verification page. One language per document (French or English).

Rendered by WeasyPrint from one template with no external resource (badge and QR code are inline
SVG, fonts are the system's DejaVu, embedded as subsets): nothing is fetched."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

from sexto.core.pdf import pdf_from_html
from sexto.credentials.models import Award, MemberProfile
from sexto.credentials.selectors import IssuerMissing, issuer_organisation_for
from sexto.directory.types import Actor, Viewer
from sexto.training.markdown import markdown_render

LANGUAGES = ("fr", "en")
MONTREAL = ZoneInfo("America/Montreal")


@dataclass(frozen=True)
class Answer:
    number: int
    question: str
    answer: str


def award_local_time(award: Award) -> str:
    """The award's date and time as the seed shows it: local (Montréal), 'YYYY-MM-DD HH:MM:SS'."""
    return timezone.localtime(award.issued_at, MONTREAL).strftime("%Y-%m-%d %H:%M:%S")


def award_verify_url(award: Award) -> str:
    """The public verification page of the award (the other side of the QR code)."""
    return f"{settings.PUBLIC_BASE_URL}/verify/{award.pk}"


def member_profile_url(handle: str) -> str:
    """A member's public profile by handle; a handle they left still leads to them (retired
    handles are never reused and redirect to their current one)."""
    return f"{settings.PUBLIC_BASE_URL}/members/{handle}/"


def member_profile_of(user: Actor) -> MemberProfile | None:
    """The member's profile choices (MemberProfile, issuing side), or None when never saved."""
    return MemberProfile.objects.filter(user=user).first()


def member_shows_name(user: Viewer) -> bool:
    """Names appear in credentials only when the member opted in (DESIGN.md: opt-in)."""
    profile = member_profile_of(user) if user.is_authenticated else None
    return bool(profile is not None and profile.show_name)


def member_is_public(user: Viewer) -> bool:
    profile = member_profile_of(user) if user.is_authenticated else None
    return bool(profile is not None and profile.public)


def award_issuer_name(award: Award) -> str:
    """The organisation that issues the badge, as the issuing side decides (the approving
    trainer's training provider); a generic name when none is registered."""
    try:
        return str(issuer_organisation_for(award).name)
    except IssuerMissing:
        return "Sexto"


def award_badge_name(award: Award, language: str) -> str:
    """'Sexto response kit 1 - Explorateur': program, level number and level title, as at award
    time (the award's snapshot)."""
    return award.snapshot_text("badge_name", language)


def award_answers(award: Award, language: str) -> list[Answer]:
    """The snapshot's questions (in the language) and the learner's answers, as approved."""
    answers = []
    for index, item in enumerate(award.evidence.get("answers") or [], start=1):
        if not isinstance(item, dict):
            continue
        other = "en" if language == "fr" else "fr"
        prompt = item.get(f"prompt_{language}") or item.get(f"prompt_{other}") or ""
        answers.append(
            Answer(
                number=int(item.get("position") or index),
                question=str(prompt),
                answer=str(item.get("answer") or ""),
            )
        )
    return answers


def qr_svg(data: str) -> SafeString:
    """An inline SVG QR code (medium error correction, no quiet-zone clipping)."""
    qr = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        border=2,
        image_factory=qrcode.image.svg.SvgPathImage,
    )
    qr.add_data(data)
    qr.make(fit=True)
    buffer = io.BytesIO()
    qr.make_image().save(buffer)
    svg = buffer.getvalue().decode()
    if svg.startswith("<?xml"):
        svg = svg.split("?>", 1)[1]
    # SVG made by qrcode from our own URL, no user markup (bandit B308,B703)
    return mark_safe(svg)  # nosec B308, B703


def attestation_context(*, award: Award, language: str) -> dict[str, Any]:
    recipient = award.recipient
    # The level's texts as at award time (the snapshot), never the live level.
    return {
        "award": award,
        "language": language,
        "issuer": award_issuer_name(award),
        "badge_name": award_badge_name(award, language),
        "level_position": award.snapshot_position,
        "level_title": award.snapshot_text("title", language),
        # As at award time: a later change of name or handle never rewrites a past attestation.
        "handle": award.recipient_handle,
        "name": award.recipient_name if member_shows_name(recipient) else "",
        "profile_url": (
            member_profile_url(award.recipient_handle) if member_is_public(recipient) else ""
        ),
        "issued_at": award_local_time(award),
        "description": markdown_render(award.snapshot_text("description", language)),
        "criteria": award.snapshot_text("criteria", language),
        "answers": award_answers(award, language),
        "verify_url": award_verify_url(award),
        "qr": qr_svg(award_verify_url(award)),
    }


def attestation_html(*, award: Award, language: str) -> str:
    """The attestation as one HTML document in `language` ("fr" or "en")."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown language: {language}")
    with translation.override(language):
        return render_to_string(
            "credentials/attestation.html", attestation_context(award=award, language=language)
        )


def attestation_pdf(*, award: Award, language: str) -> bytes:
    """The attestation as PDF bytes (Letter, fonts embedded, no network, no base URL)."""
    html = attestation_html(award=award, language=language)
    return pdf_from_html(html, document="attestation")


def attestation_filename(*, award: Award, language: str) -> str:
    return f"attestation-{award.badge_slug}-{award.recipient_handle}-{language}.pdf"
