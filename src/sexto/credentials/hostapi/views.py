"""The OB 3.0 REST API (OB 3.0 §6): discovery, dynamic client registration, getCredentials,
upsertCredential, getProfile, putProfile; and the member's "Connected apps" page. Bearer tokens
are django-oauth-toolkit's; errors are ``Imsx_StatusInfo`` (registration's are RFC 7591's)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from oauth2_provider.oauth2_backends import get_oauthlib_core

from sexto.credentials import services as credential_services
from sexto.credentials.hostapi import registration, scopes, selectors, services
from sexto.credentials.hostapi.discovery import API_PATH, service_description
from sexto.credentials.hostapi.responses import (
    api_json,
    bearer_challenge,
    imsx_error,
    registration_error,
)
from sexto.credentials.links import public_url
from sexto.directory.models import User
from sexto.directory.selectors import signed_in_user

DEFAULT_LIMIT = 20
MAX_LIMIT = 100


class _Authorised:
    def __init__(self, user: User, client_id: str) -> None:
        self.user = user
        self.client_id = client_id


def _authorise(request: HttpRequest, scope: str) -> _Authorised | HttpResponse:
    """The member and client behind the request's bearer token, if it holds ``scope``: else a
    401 (no token, or not valid) or 403 (valid, without that scope) with its challenge."""
    valid, oauth_request = get_oauthlib_core().verify_request(request, scopes=[])
    token = getattr(oauth_request, "access_token", None)
    if not valid or token is None or token.user is None or not token.user.is_active:
        sent = "HTTP_AUTHORIZATION" in request.META
        return imsx_error(
            status=401,
            code_minor="unauthorizedrequest",
            description=_(
                "No valid access token: authorise this app in Sexto, then send the token as "
                "'Authorization: Bearer …'."
            ),
            challenge=bearer_challenge(
                error="invalid_token" if sent else "",
                description="The access token is missing, expired or revoked." if sent else "",
            ),
        )
    if not token.allow_scopes([scope]):
        return imsx_error(
            status=403,
            code_minor="forbidden",
            description=_("This access token does not allow that: ask the member for the scope %s.")
            % scope,
            challenge=bearer_challenge(error="insufficient_scope", scope=scope),
        )
    return _Authorised(token.user, token.application.client_id)


def _int_param(request: HttpRequest, name: str, default: int, minimum: int) -> int | None:
    raw = request.GET.get(name)
    if raw is None:
        return default
    if not raw.isdigit() or int(raw) < minimum:
        return None
    return int(raw)


def _bad_parameter(name: str) -> HttpResponse:
    return imsx_error(
        status=400,
        code_minor="invalid_query_parameter",
        description=_("The query parameter %(name)s is not valid: see the API's description.")
        % {"name": name},
    )


def _link_header(*, limit: int, offset: int, total: int, extra: dict[str, str]) -> str:
    def link(rel: str, at: int) -> str:
        query = urlencode({**extra, "limit": limit, "offset": at})
        return f'<{public_url(API_PATH + "/credentials")}?{query}>; rel="{rel}"'

    last = max(0, (total - 1) // limit * limit)
    links = [link("first", 0)]
    if offset > 0:
        links.append(link("prev", max(0, offset - limit)))
    if offset + limit < total:
        links.append(link("next", offset + limit))
    links.append(link("last", last))
    return ", ".join(links)


@require_GET
def discovery(request: HttpRequest) -> HttpResponse:
    """getServiceDescription: public, cacheable."""
    response = api_json(service_description())
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_GET
def privacy(request: HttpRequest) -> HttpResponse:
    """What a connected app gets (the discovery document's privacy policy)."""
    return render(request, "credentials/hostapi_privacy.html")


@csrf_exempt  # an API client, no cookies; abuse is held by the rate rule on this route
@require_POST
def register(request: HttpRequest) -> HttpResponse:
    """RFC 7591 registration: 201 with the client's credentials, or 400 with the RFC error."""
    try:
        data = json.loads(request.body or b"")
    except (ValueError, UnicodeDecodeError):
        return registration_error("invalid_client_metadata", "The body must be JSON.")
    try:
        registered = registration.host_client_register(data=data, request=request)
    except registration.RegistrationRefused as refused:
        return registration_error(refused.error, refused.description)
    return api_json(registered.response(), status=201)


def _credentials_get(request: HttpRequest, who: _Authorised) -> HttpResponse:
    limit = _int_param(request, "limit", DEFAULT_LIMIT, 1)
    if limit is None:
        return _bad_parameter("limit")
    offset = _int_param(request, "offset", 0, 0)
    if offset is None:
        return _bad_parameter("offset")
    limit = min(limit, MAX_LIMIT)
    since: datetime | None = None
    extra: dict[str, str] = {}
    if "since" in request.GET:
        try:
            since = parse_datetime(request.GET["since"])
        except ValueError:
            since = None
        if since is None or since.tzinfo is None:
            return _bad_parameter("since")
        extra["since"] = request.GET["since"]
    awards = selectors.host_awards_for(user=who.user, since=since)
    total = awards.count()
    page = list(awards[offset : offset + limit])
    # Signed credentials come with the page (select_related); an award not signed yet is now.
    credentials: list[Any] = [
        json.loads(
            award.issued.signed
            if hasattr(award, "issued")
            else credential_services.credential_for(award).signed
        )
        for award in page
    ]
    services.host_read_record(
        user=who.user,
        client_id=who.client_id,
        what="credentials",
        request=request,
        changes={"awards": [str(award.pk) for award in page], "offset": offset},
    )
    response = api_json({"credential": credentials, "compactJwsString": []})
    response["X-Total-Count"] = str(total)
    response["Link"] = _link_header(limit=limit, offset=offset, total=total, extra=extra)
    return response


def _refused_write(request: HttpRequest, scope: str, why: str) -> HttpResponse:
    """upsertCredential and putProfile: an authorised client is told, 405, why we refuse."""
    who = _authorise(request, scope)
    if isinstance(who, HttpResponse):
        return who
    response = imsx_error(
        status=405, code_major="unsupported", code_minor="not_allowed", description=why
    )
    response["Allow"] = "GET"
    return response


@csrf_exempt  # bearer tokens, never cookies
@require_http_methods(["GET", "POST"])
def credentials(request: HttpRequest) -> HttpResponse:
    """GET getCredentials (the member's own); POST upsertCredential (refused: we issue)."""
    if request.method == "POST":
        return _refused_write(
            request,
            scopes.CREDENTIAL_UPSERT,
            _(
                "Sexto is an issuer, not a backpack: it keeps only the badges it issues and "
                "accepts no credential from elsewhere. Keep this credential in your backpack."
            ),
        )
    who = _authorise(request, scopes.CREDENTIAL_READONLY)
    if isinstance(who, HttpResponse):
        return who
    return _credentials_get(request, who)


@csrf_exempt  # bearer tokens, never cookies
@require_http_methods(["GET", "PUT"])
def profile(request: HttpRequest) -> HttpResponse:
    """GET getProfile (as the member chose to publish it); PUT putProfile (refused)."""
    if request.method == "PUT":
        return _refused_write(
            request,
            scopes.PROFILE_UPDATE,
            _(
                "The member changes their profile in Sexto only (My badges, Change these "
                "choices): it cannot be changed through this API."
            ),
        )
    who = _authorise(request, scopes.PROFILE_READONLY)
    if isinstance(who, HttpResponse):
        return who
    document = selectors.host_profile_for(user=who.user)
    services.host_read_record(
        user=who.user,
        client_id=who.client_id,
        what="profile",
        request=request,
        changes={"name": "name" in document},
    )
    return api_json(document)


@login_required
@require_GET
def connected_apps(request: HttpRequest) -> HttpResponse:
    """The member's connected apps: who may fetch what, since when; each with Revoke."""
    apps = selectors.connected_apps_for(user=signed_in_user(request))
    return render(request, "credentials/connected_apps.html", {"apps": apps})


@login_required
@require_POST
def connected_app_revoke(request: HttpRequest, application_id: int) -> HttpResponse:
    name = services.connected_app_revoke(
        user=signed_in_user(request), application_id=application_id, request=request
    )
    messages.success(
        request,
        _("%(name)s can no longer fetch your badges or your profile.") % {"name": name},
    )
    return redirect("credentials:member_connected_apps")
