"""The API's tokens end with the rest of a person's access (directory.signals)."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver
from django.http import HttpRequest

from sexto.api.services import api_tokens_revoke_for
from sexto.directory.signals import user_access_revoked
from sexto.directory.types import Actor


@receiver(user_access_revoked)
def api_tokens_revoke_on_access_revoked(
    sender: Any,
    user: Actor,
    reason: str,
    actor: Actor,
    request: HttpRequest | None = None,
    **kw: Any,
) -> None:
    api_tokens_revoke_for(user=user, reason=reason, actor=actor, request=request)
