"""The member side of credentials: what members and the public may see of awards (reads,
access-checked). The member's writes (profile choices, attestation downloads) are in services."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from sexto.credentials.attestation import (
    MONTREAL,
    award_badge_name,
    award_issuer_name,
    award_verify_url,
    member_is_public,
    member_profile_of,
)
from sexto.credentials.models import Award
from sexto.credentials.selectors import revoked_at_of, suspended_at_of
from sexto.directory.models import RetiredHandle, User
from sexto.directory.types import Actor, Viewer


def member_awards(*, user: Actor) -> list[Award]:
    """The member's own awards, newest first."""
    return list(
        Award.objects.filter(recipient=user)
        .select_related("level__program", "recipient")
        .order_by("-issued_at")
    )


def award_is_revoked(award: Award) -> bool:
    """Revoked by a trainer (issuing side): shown as such, never offered to the public."""
    return revoked_at_of(award) is not None


def public_profile_get(*, handle: str) -> tuple[User, list[Award]]:
    """The member and their current badges, if they opted in to a public profile; otherwise Http404
    (never 403: nobody learns whether a member exists). A handle the member used before still
    finds them (the caller redirects to the current one)."""
    user = User.objects.filter(handle=handle, is_active=True).first()
    if user is None:
        retired = RetiredHandle.objects.filter(handle=handle).select_related("user").first()
        user = retired.user if retired is not None and retired.user.is_active else None
    if user is None or not member_is_public(user):
        raise Http404
    # A badge a renewal replaced is not listed: its verification page leads to the new one.
    renewed = set(
        Award.objects.filter(recipient=user, renewed_by__isnull=False).values_list("pk", flat=True)
    )
    return user, [
        award
        for award in member_awards(user=user)
        if not award_is_revoked(award) and award.pk not in renewed
    ]


def award_get_for_attestation(*, user: Viewer, award_id: UUID, public_handle: str | None) -> Award:
    """The award whose attestation this user may download: the recipient always; anyone else
    only through the member's public profile (their choice to show their badges). Otherwise
    Http404."""
    award = Award.objects.select_related("level__program", "recipient").filter(pk=award_id).first()
    if award is None:
        raise Http404
    if public_handle is None:
        if not user.is_authenticated or award.recipient_id != user.pk:
            raise Http404
        return award
    if public_handle not in (award.recipient.handle, award.recipient_handle) or not (
        member_is_public(award.recipient)
    ):
        raise Http404
    if award_is_revoked(award):
        raise Http404
    return award


def url_or_none(name: str, **kwargs: Any) -> str | None:
    """A URL of the issuing side, or None while it does not exist yet (the link is then hidden)."""
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return None


@dataclass(frozen=True)
class AwardLinks:
    award: Award
    badge_name: str
    issued_local: datetime.datetime  # Montréal time, formatted by the template in its language
    verify_url: str
    linkedin_url: str
    revoked: bool
    credential_json_url: str | None
    badge_image_url: str | None
    suspended: bool = False
    # My badges only: where the badge stands on renewal (credentials.renewal.RenewalState).
    renewal: Any = None


def linkedin_add_url(*, award: Award, language: str) -> str:
    """LinkedIn's "Add licence or certification" form, with every field filled in."""
    local = timezone.localtime(award.issued_at, MONTREAL)
    query = {
        "startTask": "CERTIFICATION_NAME",
        "name": award_badge_name(award, language),
        "organizationName": award_issuer_name(award),
        "issueYear": str(local.year),
        "issueMonth": str(local.month),
        "certUrl": award_verify_url(award),
        "certId": str(award.pk),
    }
    return "https://www.linkedin.com/profile/add?" + urlencode(query)


def award_links(*, award: Award, language: str) -> AwardLinks:
    return AwardLinks(
        award=award,
        badge_name=award_badge_name(award, language),
        issued_local=timezone.localtime(award.issued_at, MONTREAL),
        verify_url=award_verify_url(award),
        linkedin_url=linkedin_add_url(award=award, language=language),
        revoked=award_is_revoked(award),
        credential_json_url=url_or_none("credentials:member_credential_json", award_id=award.pk),
        # The baked image is the issuing side's public URL; hidden while it does not exist.
        badge_image_url=url_or_none("credentials:public_credential_png", award_id=award.pk),
        suspended=suspended_at_of(award) is not None,
    )


def member_profile_choices(user: Viewer) -> tuple[bool, bool]:
    """(public, show_name) as saved; both off until the member opts in."""
    profile = member_profile_of(user) if user.is_authenticated else None
    if profile is None:
        return False, False
    return bool(profile.public), bool(profile.show_name)
