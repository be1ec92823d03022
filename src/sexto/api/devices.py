"""API: the kit's devices endpoints (same services and permissions as the pages)."""

from ninja import Router

router = Router(tags=["devices"])
