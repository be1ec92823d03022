"""The Open Badges 2.0 hosted documents (Issuer, BadgeClass, Assertion) that older verifiers and
backpacks fetch; same recipient hash as the OB3 credential."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import Http404
from django.utils import translation

from sexto.credentials.links import (
    achievement_url,
    badge_image_url,
    ob2_assertion_url,
    ob2_badge_class_url,
    ob2_issuer_url,
    public_url,
)
from sexto.credentials.models import Award
from sexto.credentials.ob3.dataintegrity import format_datetime
from sexto.credentials.selectors import achievement_texts, identity_hash, level_for_badge
from sexto.credentials.services import credential_for
from sexto.directory.models import Organisation

OB2_CONTEXT = "https://w3id.org/openbadges/v2"


def ob2_issuer(organisation: Organisation) -> dict[str, Any]:
    """The OB 2.0 hosted Issuer profile."""
    return {
        "@context": OB2_CONTEXT,
        "type": "Issuer",
        "id": ob2_issuer_url(organisation),
        "name": organisation.name,
        "url": public_url("/"),
        "email": organisation.email or settings.DEFAULT_FROM_EMAIL,
    }


def ob2_badge_class(organisation: Organisation, badge_slug: str) -> dict[str, Any]:
    """The OB 2.0 hosted BadgeClass of a badge, or Http404 when no level awards it."""
    level = level_for_badge(badge_slug)
    if level is None:
        raise Http404
    with translation.override(organisation.language or "fr"):
        texts = achievement_texts(level)
    return {
        "@context": OB2_CONTEXT,
        "type": "BadgeClass",
        "id": ob2_badge_class_url(organisation, badge_slug),
        "name": texts["name"],
        "description": texts["description"],
        "image": badge_image_url(badge_slug),
        "criteria": {"id": achievement_url(badge_slug), "narrative": texts["criteria"]},
        "issuer": ob2_issuer_url(organisation),
    }


def ob2_assertion(award: Award) -> dict[str, Any]:
    """The OB 2.0 hosted Assertion of an award (same salted email hash as the OB3 one)."""
    issued = credential_for(award)
    assertion: dict[str, Any] = {
        "@context": OB2_CONTEXT,
        "type": "Assertion",
        "id": ob2_assertion_url(award.pk),
        "recipient": {
            "type": "email",
            "hashed": True,
            "salt": issued.salt,
            "identity": identity_hash(award.recipient.email, issued.salt),
        },
        "badge": ob2_badge_class_url(issued.organisation, award.badge_slug),
        "issuedOn": format_datetime(award.issued_at),
        "image": public_url(f"/ob2/assertions/{award.pk}/badge.png"),
        "verification": {"type": "hosted"},
    }
    if issued.revoked_at is not None:
        assertion["revoked"] = True
    return assertion
