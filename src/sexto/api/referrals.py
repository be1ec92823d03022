"""API: the kit's referrals endpoints (same services and permissions as the pages)."""

from ninja import Router

router = Router(tags=["referrals"])
