"""The OB 3.0 API's service description (OB 3.0 §6.3 "Service Discovery"): an OpenAPI 3.0
document whose ``OAuth2ACG`` security scheme tells a backpack where to register, authorise and
get tokens. Every URL comes from ``PUBLIC_BASE_URL``."""

from __future__ import annotations

from typing import Any

from django.templatetags.static import static
from django.urls import reverse

from sexto.credentials.hostapi import scopes
from sexto.credentials.links import public_url

API_PATH = "/ims/ob/v3p0"
SCHEMA_BASE = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/"


def _problem_responses() -> dict[str, Any]:
    ref = {"$ref": "#/components/schemas/Imsx_StatusInfo"}
    body = {"content": {"application/json": {"schema": ref}}}
    return {
        code: {"description": text, **body}
        for code, text in (
            ("400", "Bad request (a query parameter)"),
            ("401", "No valid access token"),
            ("403", "The token lacks the scope"),
            ("405", "Not supported by this host"),
            ("default", "Other errors"),
        )
    }


def _operation(operation_id: str, summary: str, scope: str, ok: dict[str, Any]) -> dict[str, Any]:
    return {
        "operationId": operation_id,
        "summary": summary,
        "tags": ["OpenBadgeCredentials"],
        "security": [{"OAuth2ACG": [scope]}],
        "responses": {"200": ok, **_problem_responses()},
    }


def service_description() -> dict[str, Any]:
    """The discovery document (getServiceDescription)."""
    token_url = public_url(reverse("oauth2_provider:token"))
    privacy_url = public_url(reverse("credentials:public_hostapi_privacy"))
    labels = scopes.scope_label_map()
    credentials_ok = {
        "description": "The member's credentials",
        "headers": {
            "X-Total-Count": {"schema": {"type": "integer"}},
            "Link": {"schema": {"type": "string"}},
        },
        "content": {
            "application/json": {
                "schema": {"$ref": "#/components/schemas/GetOpenBadgeCredentialsResponse"}
            }
        },
    }
    profile_ok = {
        "description": "The member's profile",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Profile"}}},
    }
    get_credentials = _operation(
        "getCredentials", "The member's credentials", scopes.CREDENTIAL_READONLY, credentials_ok
    )
    get_credentials["parameters"] = [
        {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1}},
        {"name": "offset", "in": "query", "schema": {"type": "integer", "minimum": 0}},
        {"name": "since", "in": "query", "schema": {"type": "string", "format": "date-time"}},
    ]
    return {
        "openapi": "3.0.1",
        "info": {
            "title": "Sexto Open Badges API",
            "description": (
                "Open Badges 3.0 API of Sexto: the badges a member earned in Sexto's training, "
                "for hosts and backpacks the member authorises."
            ),
            "termsOfService": privacy_url,
            "version": "3.0",
            "x-imssf-image": public_url(static("img/favicon.svg")),
            "x-imssf-privacyPolicyUrl": privacy_url,
        },
        "servers": [{"url": public_url(API_PATH), "description": "Sexto"}],
        "tags": [
            {"name": "OpenBadgeCredentials", "description": "Exchange credentials and profiles"},
            {"name": "Discovery"},
        ],
        "paths": {
            "/credentials": {
                "get": get_credentials,
                "post": _operation(
                    "upsertCredential",
                    "Refused: Sexto keeps only the badges it issues",
                    scopes.CREDENTIAL_UPSERT,
                    credentials_ok,
                ),
            },
            "/profile": {
                "get": _operation(
                    "getProfile", "The member's profile", scopes.PROFILE_READONLY, profile_ok
                ),
                "put": _operation(
                    "putProfile",
                    "Refused: the member changes their profile in Sexto",
                    scopes.PROFILE_UPDATE,
                    profile_ok,
                ),
            },
            "/discovery": {
                "get": {
                    "operationId": "getServiceDescription",
                    "tags": ["Discovery"],
                    "responses": {"200": {"description": "This document"}},
                }
            },
        },
        "components": {
            "securitySchemes": {
                "OAuth2ACG": {
                    "type": "oauth2",
                    "description": "OAuth 2.0 Authorization Code Grant with PKCE (S256)",
                    "x-imssf-name": "Sexto",
                    "x-imssf-privacyPolicyUrl": privacy_url,
                    "x-imssf-registrationUrl": public_url(
                        reverse("credentials:public_hostapi_register")
                    ),
                    "flows": {
                        "authorizationCode": {
                            "authorizationUrl": public_url(reverse("oauth2_provider:authorize")),
                            "tokenUrl": token_url,
                            "refreshUrl": token_url,
                            "scopes": {name: str(labels[name]) for name in scopes.ALL},
                        }
                    },
                }
            },
            "schemas": {
                "GetOpenBadgeCredentialsResponse": {
                    "$ref": SCHEMA_BASE + "ob_v3p0_getopenbadgecredentialsresponse_schema.json"
                },
                "Profile": {"$ref": SCHEMA_BASE + "ob_v3p0_profile_schema.json"},
                "Imsx_StatusInfo": {"$ref": SCHEMA_BASE + "ob_v3p0_imsx_statusinfo_schema.json"},
            },
        },
    }
