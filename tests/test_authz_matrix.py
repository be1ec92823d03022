"""The authorisation matrix: every URL of the project × every role of DESIGN.md.

`tests/authz_matrix.yaml` is the reviewed expectation, written by hand from DESIGN.md's roles and
permission table (its header says how). This module walks the project's URL resolver recursively
(every namespace: the pages, allauth's accounts, the admin, the API's ninja operations), fails
for any route the file does not cover, requests each route as each role, and fails for any status
that differs from the file, naming route, role, request, expected and got.

Every request runs inside a savepoint that is rolled back, so a request that is allowed (and
changes something) does not change what the next role sees: each cell is independent.
"""

from __future__ import annotations

import copy
import fnmatch
import json
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
import yaml
from django.db import transaction
from django.http.response import HttpResponseBase
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.authz_world import ROLES, world_build

MATRIX_FILE = Path(__file__).with_name("authz_matrix.yaml")
SIGN_IN = "/accounts/login/"


@dataclass(frozen=True)
class Route:
    """One URL pattern of the project, or one operation of a ninja path."""

    name: str | None  # namespaced URL name ("interventions:case_detail"), None if unnamed
    route: str  # the full route, as written in the URLconfs
    params: tuple[str, ...]  # the URL's keyword arguments
    methods: tuple[str, ...]  # for ninja operations: the HTTP methods; else ()

    @property
    def key(self) -> str:
        """How the matrix file names it: the URL name, or the route for unnamed patterns."""
        return self.name or self.route


def _ninja_methods(pattern: URLPattern) -> tuple[str, ...]:
    """The methods of the ninja operation this pattern is named after (ninja names one pattern
    per operation, all pointing at the path's view)."""
    closure = getattr(pattern.callback, "__closure__", None) or ()
    for cell in closure:
        path_view = cell.cell_contents
        operations = getattr(path_view, "operations", None)
        if operations is None:
            continue
        for operation in operations:
            names = {getattr(operation, "url_name", None), operation.view_func.__name__}
            if pattern.name in names:
                return tuple(operation.methods)
        return tuple(m for op in operations for m in op.methods)
    return ()


def _params(pattern: Any) -> tuple[str, ...]:
    converters = getattr(pattern, "converters", None)
    if converters:
        return tuple(converters)
    regex = getattr(pattern, "regex", None)
    return tuple(regex.groupindex) if regex is not None else ()


def project_routes() -> list[Route]:
    """Every URL pattern of the project, recursively through includes and namespaces."""
    found: list[Route] = []

    def walk(
        resolver: URLResolver, prefix: str, namespaces: tuple[str, ...], params: tuple[str, ...]
    ) -> None:
        for pattern in resolver.url_patterns:
            route = prefix + str(pattern.pattern)
            own = params + _params(pattern.pattern)
            if isinstance(pattern, URLResolver):
                spaces = namespaces + ((pattern.namespace,) if pattern.namespace else ())
                walk(pattern, route, spaces, own)
                continue
            name = ":".join((*namespaces, pattern.name)) if pattern.name else None
            found.append(Route(name, route, own, _ninja_methods(pattern)))

    walk(get_resolver(), "", (), ())
    return found


# --- The matrix file -------------------------------------------------------------------------


@dataclass(frozen=True)
class Expected:
    statuses: tuple[int, ...]
    location: str | None = None  # a prefix the Location header must start with

    @classmethod
    def parse(cls, raw: Any) -> Expected:
        if isinstance(raw, int):
            return cls((raw,))
        if isinstance(raw, list):
            return cls(tuple(int(r) for r in raw))
        status, _sep, location = str(raw).partition(" ")
        return cls(tuple(int(s) for s in status.split("|")), location.strip() or None)

    def __str__(self) -> str:
        text = "|".join(str(s) for s in self.statuses)
        return f"{text} {self.location}" if self.location else text


@dataclass(frozen=True)
class Check:
    """One row of the matrix: a request, and the status each role must get."""

    key: str  # the matrix file's key (the URL name, maybe with " [variant]")
    route_key: str  # the route it covers
    url_name: str | None  # to reverse; None for unnamed patterns (filled in from `route`)
    route: str
    method: str
    kwargs: dict[str, str]
    path: str | None
    body: Any
    json_body: bool
    expect: dict[str, Expected]


def matrix_load() -> dict[str, Any]:
    return yaml.safe_load(MATRIX_FILE.read_text(encoding="utf-8"))


def _expectations(raw: dict[str, Any], where: str) -> dict[str, Expected]:
    unknown = set(raw) - set(ROLES) - {"others"}
    assert not unknown, f"{where}: unknown roles {sorted(unknown)} (known: {', '.join(ROLES)})"
    missing = [role for role in ROLES if role not in raw and "others" not in raw]
    assert not missing, f"{where}: no expectation for {missing} and no `others`"
    return {role: Expected.parse(raw.get(role, raw.get("others"))) for role in ROLES}


def checks_build(matrix: dict[str, Any], routes: list[Route]) -> tuple[list[Check], list[str]]:
    """The matrix's rows, and the routes it leaves uncovered (each a failure)."""
    by_key = {route.key: route for route in routes}
    checks: list[Check] = []
    covered: set[str] = set()

    def _param(route: Route, spec: dict[str, Any], param: str) -> str:
        value = (spec.get("kwargs") or {}).get(param, matrix["placeholders"].get(param))
        assert value is not None, (
            f"{route.key}: no value for the URL parameter {param!r}: add it to `placeholders` "
            "or to the row's `kwargs`"
        )
        return str(value)

    def row(key: str, route: Route, spec: dict[str, Any]) -> Check:
        method = spec.get("method") or (route.methods[0] if route.methods else "GET")
        return Check(
            key=key,
            route_key=route.key,
            url_name=route.name,
            route=route.route,
            method=method.upper(),
            kwargs={param: _param(route, spec, param) for param in route.params},
            path=spec.get("path"),
            body=spec.get("body"),
            json_body=route.key.startswith("api:"),
            expect=_expectations(spec["expect"], key),
        )

    for key, spec in (matrix.get("routes") or {}).items():
        route_key = spec.get("route", key.split(" [")[0])
        assert route_key in by_key, f"matrix row {key!r}: no such route in the project"
        checks.append(row(key, by_key[route_key], spec))
        covered.add(route_key)
    for rule in matrix.get("patterns") or []:
        for route in routes:
            if route.key not in covered and fnmatch.fnmatchcase(route.key, rule["match"]):
                checks.append(row(f"{route.key} (pattern {rule['match']})", route, rule))
                covered.add(route.key)
    excluded = matrix.get("excluded") or {}
    for key, reason in excluded.items():
        assert key in by_key, f"excluded {key!r}: no such route in the project"
        assert reason and len(str(reason)) > 10, f"excluded {key!r}: give the reason"
    missing = [r.key for r in routes if r.key not in covered and r.key not in excluded]
    return checks, missing


# --- Requests --------------------------------------------------------------------------------


def _fill(value: str, placeholders: dict[str, str]) -> str:
    def one(match: re.Match[str]) -> str:
        name = match.group(1)
        assert name in placeholders, f"unknown placeholder {{{name}}}"
        return placeholders[name]

    return re.sub(r"\{(\w+)\}", one, value)


def _fill_any(value: Any, placeholders: dict[str, str]) -> Any:
    if isinstance(value, str):
        return _fill(value, placeholders)
    if isinstance(value, dict):
        return {k: _fill_any(v, placeholders) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill_any(v, placeholders) for v in value]
    return value


def _route_path(route: str, kwargs: dict[str, str]) -> str:
    """The path of an unnamed pattern (no name to reverse): its parameters filled in."""
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: kwargs[m.group(1)], route)
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: kwargs[m.group(1)], path)
    return "/" + path.replace("^", "").replace("$", "")


def check_url(check: Check, placeholders: dict[str, str]) -> str:
    if check.path:
        return _fill(check.path, placeholders)
    kwargs = {k: _fill(v, placeholders) for k, v in check.kwargs.items()}
    if check.url_name is None:
        return _route_path(check.route, kwargs)
    return reverse(check.url_name, kwargs=kwargs or None)


def request_once(client: Client, check: Check, url: str, body: Any) -> tuple[int, str]:
    """The status (and Location) of one request, its writes rolled back and the client's cookies
    restored (a sign-out, or a new session, must not change what the next row sees)."""
    response = response_once(client, check, url, body)
    if isinstance(response, str):
        return 500, response
    return response.status_code, response.get("Location", "")


def response_once(client: Client, check: Check, url: str, body: Any) -> HttpResponseBase | str:
    """The response to one request (or what it raised), rolled back, the cookies restored."""
    cookies = copy.deepcopy(client.cookies)
    try:
        return _request(client, check, url, body)
    finally:
        client.cookies = cookies


def _request(client: Client, check: Check, url: str, body: Any) -> HttpResponseBase | str:
    with transaction.atomic():
        try:
            if check.method in ("GET", "HEAD"):
                response = client.generic(check.method, url)
            elif check.json_body:
                response = client.generic(
                    check.method, url, json.dumps(body or {}), content_type="application/json"
                )
            else:
                response = client.generic(
                    check.method,
                    url,
                    urlencode(body or {}, doseq=True),
                    content_type="application/x-www-form-urlencoded",
                )
        except Exception as error:
            transaction.set_rollback(True)
            return f"raised {type(error).__name__}: {str(error)[:120]}"
        transaction.set_rollback(True)
    return response


def _matches(expected: Expected, status: int, location: str) -> bool:
    if status not in expected.statuses:
        return False
    return expected.location is None or location.startswith(expected.location)


def _filled(expected: Expected, placeholders: dict[str, str]) -> Expected:
    if expected.location is None:
        return expected
    return Expected(expected.statuses, _fill(expected.location, placeholders))


@pytest.fixture
def clients(demo: None, settings: Any) -> Iterator[tuple[dict[str, Client], dict[str, str]]]:
    # Rates are limited per client address: hundreds of requests from one address are expected.
    settings.RATE_LIMITS_ENABLED = False
    world = world_build()
    clients: dict[str, Client] = {}
    for role, user in world.users.items():
        # force_login, not the password + TOTP journey (tests/helpers.sign_in): the two-factor
        # middleware looks at whether the account HAS a TOTP authenticator, which demo accounts do;
        # the sign-in itself is tested in tests/directory/test_sign_in.py.
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        if user is not None:
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        clients[role] = client
    yield clients, world.placeholders


# --- Tests -----------------------------------------------------------------------------------


def test_every_route_of_the_project_is_in_the_matrix() -> None:
    routes = project_routes()
    _checks, missing = checks_build(matrix_load(), routes)
    assert not missing, (
        "Routes missing from tests/authz_matrix.yaml (add each with the status every role "
        "must get, from DESIGN.md's table):\n  " + "\n  ".join(missing)
    )


def test_matrix_roles_are_the_worlds() -> None:
    assert matrix_load()["roles"] == list(ROLES)


@pytest.mark.django_db
def test_every_route_answers_every_role_as_the_matrix_says(clients: Any) -> None:
    by_role, placeholders = clients
    checks, _missing = checks_build(matrix_load(), project_routes())
    failures: list[str] = []
    started = time.monotonic()
    cells = 0
    for check in checks:
        url = check_url(check, placeholders)
        body = _fill_any(check.body, placeholders)
        for role in ROLES:
            status, location = request_once(by_role[role], check, url, body)
            cells += 1
            expected = _filled(check.expect[role], placeholders)
            if not _matches(expected, status, location):
                got = f"{status} {location}".strip()
                failures.append(
                    f"{check.key} — {role}: {check.method} {url} expected {expected}, got {got}"
                )
    elapsed = time.monotonic() - started
    names = len({check.route_key for check in checks})
    print(
        f"\nAuthorisation matrix: {names} URL names ({len(checks)} rows) × {len(ROLES)} roles "
        f"= {cells} requests checked in {elapsed:.1f} s; {len(failures)} differ."
    )
    assert not failures, (
        f"{len(failures)} cells differ from tests/authz_matrix.yaml:\n" + "\n".join(failures)
    )


# Routes whose views choose public caching themselves (DESIGN.md: a CDN may sit in front of the
# public verification documents and status lists); every other response to a signed-in user must
# say no-store (issue 14, item 10).
PUBLIC_CACHING = "credentials:public_*"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["coordinator", "police"])
def test_every_response_to_a_signed_in_role_is_not_stored(clients: Any, role: str) -> None:
    by_role, placeholders = clients
    checks, _missing = checks_build(matrix_load(), project_routes())
    failures: list[str] = []
    for check in checks:
        url = check_url(check, placeholders)
        response = response_once(by_role[role], check, url, _fill_any(check.body, placeholders))
        if isinstance(response, str):
            failures.append(f"{check.key}: {response}")
            continue
        cache_control = response.get("Cache-Control", "")
        if "public" in cache_control and fnmatch.fnmatchcase(check.route_key, PUBLIC_CACHING):
            continue
        if "no-store" not in cache_control:
            failures.append(
                f"{check.key}: {check.method} {url} answered {response.status_code} with "
                f"Cache-Control {cache_control!r}"
            )
    print(f"\nCache-Control for {role}: {len(checks)} rows checked, {len(failures)} stored.")
    assert not failures, f"{len(failures)} responses may be stored:\n" + "\n".join(failures)
