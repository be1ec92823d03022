"""API: the kit's cases endpoints (same services and permissions as the pages)."""

from ninja import Router

router = Router(tags=["cases"])
