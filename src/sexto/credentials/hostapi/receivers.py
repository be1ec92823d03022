"""Each token django-oauth-toolkit issues for the OB 3.0 API (after the member's consent, or on
refresh) is audited: the member, the client, the scopes, the grant."""

from __future__ import annotations

from typing import Any

from django.dispatch import receiver
from oauth2_provider.signals import app_authorized

from sexto.audit.services import audit_record


@receiver(app_authorized, dispatch_uid="sexto.credentials.hostapi.token_issued")
def token_issued_record(sender: Any, request: Any, token: Any, **kwargs: Any) -> None:
    if token.user is None:
        return
    audit_record(
        actor=token.user,
        action="credentials.hostapi.token.issue",
        target=token.user,
        request=request,
        changes={
            "client_id": token.application.client_id,
            "scope": token.scope,
            "grant_type": request.POST.get("grant_type", ""),
        },
    )
