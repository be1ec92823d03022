"""The OB 3.0 API's answers: JSON, never cached, and errors in the specification's
``Imsx_StatusInfo`` shape with the matching HTTP status (and a Bearer challenge on 401/403)."""

from __future__ import annotations

from typing import Any

from django.http import JsonResponse

REALM = "Sexto Open Badges API"


def api_json(data: Any, status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status, safe=False)
    response["Cache-Control"] = "no-store"
    return response


def imsx_error(
    *,
    status: int,
    description: str,
    code_minor: str,
    code_major: str = "failure",
    challenge: str | None = None,
) -> JsonResponse:
    """An ``Imsx_StatusInfo`` error; ``challenge`` is the WWW-Authenticate value, if any."""
    body = {
        "imsx_codeMajor": code_major,
        "imsx_severity": "error",
        "imsx_description": description,
        "imsx_codeMinor": {
            "imsx_codeMinorField": [
                {"imsx_codeMinorFieldName": "sexto", "imsx_codeMinorFieldValue": code_minor}
            ]
        },
    }
    response = api_json(body, status=status)
    if challenge is not None:
        response["WWW-Authenticate"] = challenge
    return response


def bearer_challenge(*, error: str = "", description: str = "", scope: str = "") -> str:
    """RFC 6750 §3: a bare challenge when no token came; the error (and scope) otherwise."""
    parts = [f'realm="{REALM}"']
    if error:
        parts.append(f'error="{error}"')
    if description:
        parts.append('error_description="{}"'.format(description.replace('"', "'")))
    if scope:
        parts.append(f'scope="{scope}"')
    return "Bearer " + ", ".join(parts)


def registration_error(error: str, description: str) -> JsonResponse:
    """RFC 7591 §3.2.2: ``invalid_redirect_uri`` or ``invalid_client_metadata``, 400."""
    return api_json({"error": error, "error_description": description}, status=400)
