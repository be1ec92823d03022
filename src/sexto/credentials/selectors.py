"""Reads of credentials: awards, status lists and issuers for the public pages, and the texts a
badge shows. No writes here (signing on first need is ``services.credential_for``)."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any
from uuid import UUID

from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _

from sexto.core.errors import DomainError
from sexto.credentials.links import achievement_url, badge_image_url
from sexto.credentials.models import Award, IssuedCredential, StatusList, criteria_default
from sexto.directory.models import Membership, Organisation, Role
from sexto.training.models import Level


class IssuerMissing(DomainError):
    """No organisation can issue this award (no training provider in the directory)."""

    code = "issuer_missing"
    status = 409


# Verifiers ask for the same few DID documents and status lists on every request: keep them in
# the shared cache briefly. A key change or a revocation deletes the entry at once (for every app
# server when the cache is shared, CACHE_URL); otherwise an entry lives at most these seconds.
DID_CACHE_SECONDS = 300
STATUS_CACHE_SECONDS = 10


def did_cache_key(slug: str) -> str:
    return f"credentials:did:{slug}"


def status_cache_key(slug: str, number: int) -> str:
    return f"credentials:status:{slug}:{number}"


def issuer_organisation_for(award: Award) -> Organisation:
    """The organisation that issues ``award``: the approving trainer's training provider, or
    else the first training provider of the directory."""
    submission = award.submission
    if submission is not None:
        review = submission.reviews.filter(decision="approved").order_by("-decided_at").first()
        if review is not None:
            membership = (
                # Confirmed trainer roles inside a training organisation only (issue 14, item 4).
                Membership.objects.filter(
                    user_id=review.reviewer_id,
                    role=Role.TRAINER,
                    organisation__kind=Organisation.Kind.TRAINING_PROVIDER,
                    status=Membership.Status.CONFIRMED,
                )
                .select_related("organisation")
                .order_by("valid_from")
                .first()
            )
            if membership is not None and membership.organisation is not None:
                return membership.organisation
    provider = (
        Organisation.objects.filter(kind=Organisation.Kind.TRAINING_PROVIDER)
        .order_by("slug")
        .first()
    )
    if provider is None:
        raise IssuerMissing(
            _("No training provider is registered to issue badges: add one in the directory.")
        )
    return provider


def status_list_get_public(*, slug: str, number: int) -> StatusList:
    """The published status list, or Http404."""
    status_list = (
        StatusList.objects.select_related("organisation")
        .filter(organisation__slug=slug, number=number)
        .first()
    )
    if status_list is None:
        raise Http404
    return status_list


def identity_hash(email: str, salt: str) -> str:
    """OB IdentityHash of an email: ``sha256$`` + hex(SHA-256(email ‖ salt))."""
    return "sha256$" + hashlib.sha256((email.strip().lower() + salt).encode("utf-8")).hexdigest()


def level_for_badge(badge_slug: str) -> Level | None:
    """The level that awards this badge, or None."""
    return Level.objects.select_related("program").filter(badge_slug=badge_slug).first()


def achievement_texts(level: Level) -> dict[str, str]:
    """Name, description and criteria of a level's badge as the level reads now, in the active
    language: what the badge's public Achievement and OB 2.0 BadgeClass say (an award's own
    texts are its snapshot: ``award_achievement_texts``)."""
    language = (translation.get_language() or "fr")[:2]
    return {
        "name": f"{level.program.title} {level.position} - {level.title}",
        "description": level.description.strip() or level.title,
        "criteria": level.criteria.strip() or criteria_default(language),
    }


def award_achievement_texts(award: Award, language: str) -> dict[str, str]:
    """Name, description and criteria of the award's badge as they read when it was awarded
    (the award's snapshot, never the live level), in ``language``."""
    return {
        "name": award.snapshot_text("badge_name", language),
        "description": award.snapshot_text("description", language)
        or award.snapshot_text("title", language),
        "criteria": award.snapshot_text("criteria", language),
    }


BADGE_LANGUAGES = ("fr", "en")


def achievement_document(
    *, badge_slug: str, texts: dict[str, str], language: str | None = None
) -> dict[str, Any]:
    """The OB3 Achievement of a badge (what it means), as credentials embed it and its public URL
    serves it; ``texts`` from ``achievement_texts``. With ``language``: that language's
    Achievement (its own id, ``inLanguage``), ``related`` to the other language's."""
    document: dict[str, Any] = {
        "id": achievement_url(badge_slug, language),
        "type": ["Achievement"],
        "achievementType": "Badge",
        "name": texts["name"],
        "description": texts["description"],
        "criteria": {"narrative": texts["criteria"]},
        "image": {"id": badge_image_url(badge_slug), "type": "Image"},
    }
    if language:
        document["inLanguage"] = language
        document["related"] = [
            {"id": achievement_url(badge_slug, other), "type": ["Related"], "inLanguage": other}
            for other in BADGE_LANGUAGES
            if other != language
        ]
    return document


def award_get_public(*, award_id: UUID | str) -> Award:
    """An award by id for the public pages (its credential is public by design), or Http404."""
    try:
        return Award.objects.select_related("recipient", "level__program").get(pk=award_id)
    except (Award.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def award_find(*, handle: str, badge_slug: str) -> Award | None:
    """The member's latest award of that badge, or None."""
    return (
        Award.objects.filter(recipient__handle=handle, badge_slug=badge_slug)
        .order_by("-issued_at")
        .first()
    )


def organisation_get_issuer(*, slug: str) -> Organisation:
    """An organisation that issues (or may issue) badges, by slug, or Http404."""
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        raise Http404
    return organisation


def suspended_at_of(award: Award) -> datetime | None:
    """When the award's credential was suspended, or None (not suspended now)."""
    issued = IssuedCredential.objects.filter(award=award).only("suspended_at").first()
    return issued.suspended_at if issued else None


def revoked_at_of(award: Award) -> datetime | None:
    """When the award's credential was revoked, or None (never revoked, or not signed yet)."""
    issued = IssuedCredential.objects.filter(award=award).only("revoked_at").first()
    return issued.revoked_at if issued else None


def language_of(user: Any) -> str:
    """A member's language for what is signed for them (their preferred language, else French)."""
    return str(getattr(user, "preferred_language", "") or "fr")[:2]


def credential_language(award: Award) -> str:
    """The language of the award's credential (the recipient's): the verification page shows
    the badge's texts in it, as the signed credential says them."""
    return language_of(award.recipient)
