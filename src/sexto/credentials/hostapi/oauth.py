"""django-oauth-toolkit's validator, narrowed for the OB 3.0 API: a client may ask a member
only for the scopes it registered (RFC 7591 ``scope``)."""

from __future__ import annotations

from typing import Any

from oauth2_provider.oauth2_validators import OAuth2Validator


class HostApiValidator(OAuth2Validator):  # type: ignore[misc]  # untyped library
    def validate_scopes(
        self,
        client_id: str,
        scopes: list[str],
        client: Any,
        request: Any,
        *args: Any,
        **kwargs: Any,
    ) -> bool:
        if not super().validate_scopes(client_id, scopes, client, request, *args, **kwargs):
            return False
        host_client = getattr(client, "host_client", None)
        if host_client is None:
            return True  # an application made by hand in the admin: the settings' scopes
        return set(scopes) <= set(host_client.scope.split())
