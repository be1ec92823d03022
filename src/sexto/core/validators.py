"""Validators shared by every app: no image ever enters the system, not even inside text."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_DATA_URI = re.compile(r"data:\s*[\w.+-]+/[\w.+-]+\s*(;[^,]*)?,", re.IGNORECASE)
# Base64 openings of PNG, JPEG, GIF, WebP, HEIC/MP4 boxes, PDF; and any long base64 run.
_IMAGE_MAGIC = re.compile(r"(iVBORw0KGgo|/9j/[0-9A-Za-z+/]|R0lGOD|UklGR|AAAA[GH]GZ0eX|JVBERi0)")
_BASE64_RUN = re.compile(r"[A-Za-z0-9+/]{160,}={0,2}")


def no_embedded_images(value: str) -> None:
    """Refuse data: URIs and base64 blobs in narrative text (an image smuggled as text)."""
    if not value:
        return
    if _DATA_URI.search(value) or _IMAGE_MAGIC.search(value) or _BASE64_RUN.search(value):
        raise ValidationError(
            _(
                "This text seems to contain an image or an encoded file. Sexto never holds images: "
                "describe what was reported in words instead."
            ),
            code="embedded_image",
        )
