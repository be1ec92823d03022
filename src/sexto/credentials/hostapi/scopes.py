"""The OB 3.0 API's scopes, named exactly as the specification names them, and their labels
(settings.OAUTH2_PROVIDER["SCOPES"]: what the consent page and "Connected apps" say)."""

from __future__ import annotations

from typing import Any

from django.conf import settings

PREFIX = "https://purl.imsglobal.org/spec/ob/v3p0/scope/"
CREDENTIAL_READONLY = PREFIX + "credential.readonly"
CREDENTIAL_UPSERT = PREFIX + "credential.upsert"
PROFILE_READONLY = PREFIX + "profile.readonly"
PROFILE_UPDATE = PREFIX + "profile.update"
ALL = (CREDENTIAL_READONLY, CREDENTIAL_UPSERT, PROFILE_READONLY, PROFILE_UPDATE)


def scope_label_map() -> dict[str, Any]:
    """Scope → its label (lazy, translated when shown)."""
    provider: dict[str, Any] = settings.OAUTH2_PROVIDER
    return dict(provider["SCOPES"])


def scope_labels(scope: str) -> list[str]:
    """The labels of a space-separated scope string, in the specification's order."""
    labels = scope_label_map()
    names = set(scope.split())
    return [str(labels[name]) for name in ALL if name in names]
