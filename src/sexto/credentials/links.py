"""The public URLs that go into credentials and hosted documents, all from
``settings.PUBLIC_BASE_URL`` (never from the request: a credential names the same URLs wherever
it is verified)."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from django.conf import settings

from sexto.credentials.ob3.did import did_web_for

if TYPE_CHECKING:
    from sexto.credentials.models import StatusList
    from sexto.directory.models import Organisation


def public_url(path: str) -> str:
    """An absolute public URL: ``PUBLIC_BASE_URL`` + ``path`` (which starts with '/')."""
    return str(settings.PUBLIC_BASE_URL).rstrip("/") + path


def issuer_did(organisation: Organisation) -> str:
    """``did:web:{host}:issuers:{slug}``; its document is at
    ``{PUBLIC_BASE_URL}/issuers/{slug}/did.json``."""
    return did_web_for(public_base_url=str(settings.PUBLIC_BASE_URL), slug=organisation.slug)


def credential_url(award_id: UUID | str) -> str:
    return public_url(f"/credentials/{award_id}")


def verify_url(award_id: UUID | str) -> str:
    return public_url(f"/verify/{award_id}")


def achievement_url(badge_slug: str, language: str | None = None) -> str:
    """The badge's Achievement: one per language (``/badges/{slug}/fr``, ``…/en``), linked with
    ``related``; the plain ``/badges/{slug}`` (credentials signed before) stays valid."""
    if language:
        return public_url(f"/badges/{badge_slug}/{language}")
    return public_url(f"/badges/{badge_slug}")


def issuer_image_url(organisation: Organisation) -> str:
    """The issuer's image in its OB 3.0 profile (served by ``public_issuer_image``)."""
    return public_url(f"/issuers/{organisation.slug}/image.png")


def badge_image_url(badge_slug: str, kind: str = "png") -> str:
    return public_url(f"/badges/{badge_slug}.{kind}")


def status_list_url(status_list: StatusList) -> str:
    return public_url(f"/status/{status_list.organisation.slug}/{status_list.number}.json")


def ob2_issuer_url(organisation: Organisation) -> str:
    return public_url(f"/ob2/issuers/{organisation.slug}.json")


def ob2_badge_class_url(organisation: Organisation, badge_slug: str) -> str:
    return public_url(f"/ob2/issuers/{organisation.slug}/badges/{badge_slug}.json")


def ob2_assertion_url(award_id: UUID | str) -> str:
    return public_url(f"/ob2/assertions/{award_id}.json")


def issuer_did_prefix() -> str:
    """``did:web:{host}:issuers:`` — our issuers' DIDs all start with it."""
    return did_web_for(public_base_url=str(settings.PUBLIC_BASE_URL), slug="x")[:-1]
