"""Writes of the OB 3.0 API: each read by a client is audited (who, which client, what), and a
member revokes a client (its tokens and grants deleted, audited)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import Http404, HttpRequest
from oauth2_provider.models import (
    get_access_token_model,
    get_application_model,
    get_grant_model,
    get_refresh_token_model,
)

from sexto.audit.services import audit_record
from sexto.directory.models import User


def host_read_record(
    *, user: User, client_id: str, what: str, request: HttpRequest, changes: dict[str, Any]
) -> None:
    """Audit one API read: ``what`` is ``credentials`` or ``profile``."""
    audit_record(
        actor=user,
        action=f"credentials.hostapi.{what}.read",
        target=user,
        request=request,
        changes={"client_id": client_id, **changes},
    )


def connected_app_revoke(
    *, user: User, application_id: int, request: HttpRequest | None = None
) -> str:
    """The member withdraws a client's access: every token and code it holds for them is
    deleted at once (audited). Http404 when it holds none. Returns the client's name."""
    application = get_application_model().objects.filter(pk=application_id).first()
    if application is None:
        raise Http404
    with transaction.atomic():
        refresh = get_refresh_token_model().objects.filter(user=user, application=application)
        access = get_access_token_model().objects.filter(user=user, application=application)
        grants = get_grant_model().objects.filter(user=user, application=application)
        if not (refresh.exists() or access.exists() or grants.exists()):
            raise Http404
        counts = {"refresh_tokens": refresh.count(), "access_tokens": access.count()}
        refresh.delete()
        access.delete()
        grants.delete()
        audit_record(
            actor=user,
            action="credentials.hostapi.client.revoke",
            target=user,
            request=request,
            changes={"client_id": application.client_id, **counts},
        )
    return str(application.name)
