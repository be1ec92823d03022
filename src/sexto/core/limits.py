"""Abuse limits in one place: request rates per client address, and request body sizes.

Rates are counted by django-ratelimit in the default cache, so several app servers must share a
cache (CACHE_URL=redis://…, docs/deploy.md); sign-in failures stay with axes (foundation).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from fnmatch import fnmatchcase
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django_ratelimit.core import get_usage

from sexto.core.limits_rules import RateRule
from sexto.core.problems import problem_response
from sexto.core.request import client_ip

__all__ = ["AbuseLimitsMiddleware", "RateRule", "client_address"]


def client_address(group: str, request: HttpRequest) -> str:
    """The client's address as resolved once for this request (core/request.py): the same
    value axes, allauth and the audit log use."""
    return client_ip(request) or "unknown"


def _url_name(request: HttpRequest) -> str:
    match = request.resolver_match
    return match.view_name if match else ""


def _rule_for(request: HttpRequest) -> RateRule | None:
    name = _url_name(request)
    for rule in settings.RATE_LIMITS:
        if request.method in rule.methods and fnmatchcase(name, rule.pattern):
            return rule
    return None


def _body_limit_for(request: HttpRequest) -> int:
    name = _url_name(request)
    for pattern, limit in settings.REQUEST_BODY_LIMITS:
        if fnmatchcase(name, pattern):
            return int(limit)
    return int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)


class AbuseLimitsMiddleware:
    """429 with Retry-After past a rule's rate; 413 for a body over the route's limit, unread."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        declared = request.META.get("CONTENT_LENGTH") or "0"
        limit = _body_limit_for(request)
        if declared.isdigit() and int(declared) > limit:
            return _refuse(
                request,
                status=413,
                code="body_too_large",
                message=_(
                    "What was sent is too large (more than %(size)s KB). "
                    "Nothing was saved: shorten it and send it again."
                )
                % {"size": limit // 1024},
            )
        if not settings.RATE_LIMITS_ENABLED:
            return None
        rule = _rule_for(request)
        if rule is None:
            return None
        usage = get_usage(
            request, group=rule.pattern, key=client_address, rate=rule.rate, increment=True
        )
        if usage is None or not usage["should_limit"]:
            return None
        wait = max(1, math.ceil(usage["time_left"]))
        return _refuse(
            request,
            status=429,
            code="rate_limited",
            message=_(
                "Too many requests from your connection in a short time. "
                "Nothing was lost: wait %(seconds)s seconds, then try again."
            )
            % {"seconds": wait},
            headers={"Retry-After": str(wait)},
        )


def _refuse(
    request: HttpRequest,
    *,
    status: int,
    code: str,
    message: str,
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    if request.path.startswith("/api/"):
        return problem_response(request, status=status, code=code, detail=message, headers=headers)
    response = render(request, "errors/limit.html", {"message": message}, status=status)
    for name, value in (headers or {}).items():
        response[name] = value
    return response
