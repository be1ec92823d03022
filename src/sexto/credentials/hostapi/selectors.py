"""Reads of the OB 3.0 API: the member's own awards as getCredentials pages them, the profile
as the member chose to publish it, and the clients the member authorised."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from oauth2_provider.models import get_access_token_model, get_refresh_token_model

from sexto.credentials.attestation import member_profile_url
from sexto.credentials.hostapi.scopes import scope_labels
from sexto.credentials.members import member_profile_choices
from sexto.credentials.models import Award
from sexto.directory.models import User

PROFILE_CONTEXT = [
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
]


def host_awards_for(*, user: User, since: datetime | None) -> QuerySet[Award]:
    """The member's own awards that a host may fetch: never another member's, never a revoked
    one (as the public profile); newest first; only those issued after ``since`` if given."""
    awards = (
        Award.objects.filter(recipient=user)
        .exclude(issued__revoked_at__isnull=False)
        .select_related("level__program", "recipient", "issued")
        .order_by("-issued_at", "pk")
    )
    if since is not None:
        awards = awards.filter(issued_at__gt=since)
    return awards


def host_profile_for(*, user: User) -> dict[str, Any]:
    """The member's OB 3.0 Profile as they chose to publish it: the public profile's address as
    id; the name only if they chose to show it; no email."""
    public, show_name = member_profile_choices(user)
    profile: dict[str, Any] = {
        "@context": PROFILE_CONTEXT,
        "id": member_profile_url(user.handle),
        "type": ["Profile"],
    }
    if show_name and user.get_full_name():
        profile["name"] = user.get_full_name()
    if public:
        profile["url"] = member_profile_url(user.handle)
    return profile


@dataclass(frozen=True)
class ConnectedApp:
    application_id: int
    name: str
    client_uri: str
    scope_labels: list[str]
    authorised_at: datetime


def connected_apps_for(*, user: User) -> list[ConnectedApp]:
    """The clients holding a token of this member (unexpired, or refreshable), with the scopes it
    holds in words and when the member first authorised it; most recent first."""
    found: dict[int, tuple[Any, set[str], datetime]] = {}
    # An expired access token no longer lets the client in: only a refresh token would.
    tokens = list(
        get_access_token_model()
        .objects.filter(user=user, application__isnull=False, expires__gt=timezone.now())
        .select_related("application")
    ) + list(
        get_refresh_token_model()
        .objects.filter(user=user, revoked__isnull=True)
        .select_related("application", "access_token")
    )
    for token in tokens:
        application = token.application
        scope = str(
            getattr(token, "scope", None)
            or getattr(getattr(token, "access_token", None), "scope", "")
            or ""
        )
        entry = found.get(application.pk)
        if entry is None:
            found[application.pk] = (application, set(scope.split()), token.created)
        else:
            entry[1].update(scope.split())
            found[application.pk] = (application, entry[1], min(entry[2], token.created))
    apps = []
    for application, names, created in found.values():
        host_client = getattr(application, "host_client", None)
        apps.append(
            ConnectedApp(
                application_id=application.pk,
                name=application.name,
                client_uri=host_client.client_uri if host_client is not None else "",
                scope_labels=scope_labels(" ".join(names)),
                authorised_at=created,
            )
        )
    return sorted(apps, key=lambda app: app.authorised_at, reverse=True)
