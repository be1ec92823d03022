"""Template context every page needs."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from sexto.core.navigation import navigation_for


def site(request: HttpRequest) -> dict[str, Any]:
    """The public base URL and the navigation for the signed-in user's roles."""
    navigation = navigation_for(request)
    return {
        "PUBLIC_BASE_URL": settings.PUBLIC_BASE_URL,
        "navigation": navigation,
        "navigation_count": sum(item["count"] for item in navigation),
    }
