"""OB 3.0 dynamic client registration (RFC 7591 as the specification profiles it): a host or
backpack sends its metadata and gets a confidential client of the authorization code grant."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from oauth2_provider.models import get_application_model

from sexto.audit.services import audit_record
from sexto.credentials.hostapi import scopes
from sexto.credentials.hostapi.models import HostClient

REQUIRED_TEXT = ("client_name", "software_id", "software_version")
REQUIRED_URIS = ("client_uri", "logo_uri", "tos_uri", "policy_uri")
AUTH_METHODS = ("client_secret_basic", "client_secret_post")
GRANT_TYPES = ("authorization_code", "refresh_token")


class RegistrationRefused(Exception):
    """RFC 7591 error: ``error`` is the code, the message its description (for the client's
    developers, in English like the specification's own codes)."""

    def __init__(self, error: str, description: str) -> None:
        super().__init__(description)
        self.error = error
        self.description = description


@dataclass(frozen=True)
class Registered:
    client: HostClient
    client_secret: str

    def response(self) -> dict[str, Any]:
        """The RFC 7591 §3.2.1 answer: the credentials and the metadata as registered."""
        client, application = self.client, self.client.application
        return {
            "client_id": application.client_id,
            "client_secret": self.client_secret,
            "client_id_issued_at": int(client.registered_at.timestamp()),
            "client_secret_expires_at": 0,
            "client_name": application.name,
            "client_uri": client.client_uri,
            "logo_uri": client.logo_uri,
            "tos_uri": client.tos_uri,
            "policy_uri": client.policy_uri,
            "software_id": client.software_id,
            "software_version": client.software_version,
            "redirect_uris": application.redirect_uris.split(),
            "token_endpoint_auth_method": client.token_endpoint_auth_method,
            "grant_types": list(GRANT_TYPES),
            "response_types": ["code"],
            "scope": client.scope,
        }


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _uri_ok(value: str) -> bool:
    """An absolute https URI (http only on a loopback host), without a fragment."""
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    if not parts.hostname or parts.fragment or any(c.isspace() for c in value):
        return False
    if parts.scheme == "https":
        return True
    # http on loopback only where the settings allow http (development, tests; not production).
    provider: dict[str, Any] = settings.OAUTH2_PROVIDER
    schemes = provider.get("ALLOWED_REDIRECT_URI_SCHEMES", ["https"])
    return parts.scheme == "http" and "http" in schemes and _is_loopback(parts.hostname)


def _text(data: dict[str, Any], name: str, *, required: bool, limit: int = 200) -> str:
    value = data.get(name, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise RegistrationRefused(
            "invalid_client_metadata", f"{name} is required and must be a non-empty string."
        )
    if len(value) > limit:
        raise RegistrationRefused(
            "invalid_client_metadata", f"{name} is longer than {limit} characters."
        )
    return value.strip()


def _redirect_uris(data: dict[str, Any]) -> list[str]:
    uris = data.get("redirect_uris")
    if not isinstance(uris, list) or not uris or not all(isinstance(u, str) for u in uris):
        raise RegistrationRefused(
            "invalid_redirect_uri", "redirect_uris must be a non-empty array of URI strings."
        )
    for uri in uris:
        if not _uri_ok(uri):
            raise RegistrationRefused(
                "invalid_redirect_uri",
                f"{uri!r} is not allowed: redirect URIs must be absolute https URIs without a "
                "fragment (http only on a loopback address such as http://127.0.0.1).",
            )
    return uris


def _scope(data: dict[str, Any]) -> str:
    value = data.get("scope")
    if not isinstance(value, str) or not value.split():
        raise RegistrationRefused(
            "invalid_client_metadata", "scope is required: the space-separated scopes you need."
        )
    unknown = [name for name in value.split() if name not in scopes.ALL]
    if unknown:
        raise RegistrationRefused(
            "invalid_client_metadata",
            f"Unknown scope {unknown[0]!r}: the scopes are {', '.join(scopes.ALL)}.",
        )
    return " ".join(name for name in scopes.ALL if name in value.split())


def _list_within(data: dict[str, Any], name: str, allowed: tuple[str, ...], must: str) -> None:
    value = data.get(name, [must])
    if (
        not isinstance(value, list)
        or must not in value
        or not all(isinstance(v, str) and v in allowed for v in value)
    ):
        raise RegistrationRefused(
            "invalid_client_metadata",
            f"{name} must include {must!r} and may only hold {', '.join(allowed)}.",
        )


def metadata_check(data: Any) -> dict[str, Any]:
    """The registration request, checked; RegistrationRefused names the first problem."""
    if not isinstance(data, dict):
        raise RegistrationRefused("invalid_client_metadata", "The body must be a JSON object.")
    checked: dict[str, Any] = {name: _text(data, name, required=True) for name in REQUIRED_TEXT}
    for name in REQUIRED_URIS:
        value = _text(data, name, required=True, limit=500)
        if not _uri_ok(value):
            raise RegistrationRefused(
                "invalid_client_metadata", f"{name} must be an absolute https URI."
            )
        checked[name] = value
    checked["redirect_uris"] = _redirect_uris(data)
    checked["scope"] = _scope(data)
    method = data.get("token_endpoint_auth_method", "client_secret_basic")
    if method not in AUTH_METHODS:
        raise RegistrationRefused(
            "invalid_client_metadata",
            f"token_endpoint_auth_method must be one of {', '.join(AUTH_METHODS)}.",
        )
    checked["token_endpoint_auth_method"] = method
    _list_within(data, "grant_types", GRANT_TYPES, "authorization_code")
    _list_within(data, "response_types", ("code",), "code")
    return checked


def host_client_register(*, data: Any, request: HttpRequest | None = None) -> Registered:
    """Register a host or backpack (audited); its secret is returned once, stored hashed."""
    checked = metadata_check(data)
    application_model = get_application_model()
    application = application_model(
        name=checked["client_name"],
        client_type=application_model.CLIENT_CONFIDENTIAL,
        authorization_grant_type=application_model.GRANT_AUTHORIZATION_CODE,
        redirect_uris=" ".join(checked["redirect_uris"]),
        registration_source=application_model.RegistrationSource.DCR,
        skip_authorization=False,
    )
    secret = str(application.client_secret)  # before save() hashes it
    with transaction.atomic():
        application.save()
        client = HostClient.objects.create(
            application=application,
            client_uri=checked["client_uri"],
            logo_uri=checked["logo_uri"],
            tos_uri=checked["tos_uri"],
            policy_uri=checked["policy_uri"],
            software_id=checked["software_id"],
            software_version=checked["software_version"],
            scope=checked["scope"],
            token_endpoint_auth_method=checked["token_endpoint_auth_method"],
            registered_at=timezone.now(),
        )
        audit_record(
            actor=getattr(request, "user", None) if request is not None else None,
            action="credentials.hostapi.client.register",
            target=client,
            request=request,
            changes={
                "client_id": application.client_id,
                "client_name": application.name,
                "redirect_uris": checked["redirect_uris"],
                "scope": checked["scope"],
                "software_id": checked["software_id"],
            },
        )
    return Registered(client=client, client_secret=secret)
