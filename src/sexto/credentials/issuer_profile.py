"""The issuer's OB 3.0 ``Profile`` as our credentials embed it: name, site, image, description and,
only when there is a real one, a contact email (never a made-up or no-reply address)."""

from __future__ import annotations

import io
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from PIL import Image, ImageDraw

from sexto.credentials.images import _font
from sexto.credentials.links import issuer_did, issuer_image_url, public_url
from sexto.directory.models import Organisation


def issuer_email(organisation: Organisation) -> str:
    """The organisation's contact email, else ``CREDENTIALS_ISSUER_EMAIL``, else ""."""
    return organisation.email or str(getattr(settings, "CREDENTIALS_ISSUER_EMAIL", "") or "")


def issuer_profile(*, organisation: Organisation, language: str) -> dict[str, Any]:
    """The ``issuer`` object of a credential signed by ``organisation``, in ``language``."""
    with translation.override(language):
        if organisation.kind == Organisation.Kind.TRAINING_PROVIDER:
            description = _(
                "%(name)s trains school staff in the Sexto programme and issues its badges."
            ) % {"name": organisation.name}
        else:  # a service centre or board: it signs endorsements (credentials/endorsements.py)
            description = _(
                "%(name)s vouches, in the Sexto badges of its schools’ staff, for the police–DPCP "
                "agreement of their territory."
            ) % {"name": organisation.name}
    profile: dict[str, Any] = {
        "id": issuer_did(organisation),
        "type": ["Profile"],
        "name": organisation.name,
        "url": public_url("/"),
        "description": description,
        "image": {"id": issuer_image_url(organisation), "type": "Image"},
    }
    email = issuer_email(organisation)
    if email:
        profile["email"] = email
    return profile


@lru_cache(maxsize=64)
def issuer_png(name: str) -> bytes:
    """The issuer's image: its initials on a disc in the badges' colours (no external logo to
    fetch, so every credential's ``issuer.image`` is an image this site serves)."""
    initials = "".join(word[0] for word in name.split() if word[:1].isalpha())[:3].upper() or "?"
    size = 256
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((4, 4, size - 4, size - 4), fill="#1f3a5f")
    draw.text((size / 2, size / 2), initials, font=_font(96), fill="#ffffff", anchor="mm")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def recipient_name_of(subject: Any) -> str | None:
    """The recipient's name a credential shows: its plain-text ``name`` identifier, or the
    ``name`` property of credentials signed before that (None when the member hid it)."""
    if not isinstance(subject, dict):
        return None
    for entry in subject.get("identifier") or []:
        if (
            isinstance(entry, dict)
            and entry.get("identityType") == "name"
            and entry.get("hashed") is False
            and isinstance(entry.get("identityHash"), str)
        ):
            return str(entry["identityHash"])
    name = subject.get("name")
    return name if isinstance(name, str) else None
