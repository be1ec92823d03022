"""The JSON API under /api/v1/: thin endpoints over services and selectors, errors as RFC 9457."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from sexto.api.auth import SessionAuth, TokenAuth
from sexto.core.errors import DomainError
from sexto.core.problems import PROBLEM_CONTENT_TYPE, problem_response
from sexto.directory.permissions import roles_of


class SextoAPI(NinjaAPI):
    """NinjaAPI whose schema also holds models of endpoints that validate bodies themselves."""

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        from sexto.api.grid import extra_schemas

        schema = super().get_openapi_schema(*args, **kwargs)
        schema.setdefault("components", {}).setdefault("schemas", {}).update(extra_schemas())
        _problems_documented_as_problem_json(schema)
        return schema


def _problems_documented_as_problem_json(schema: dict[str, Any]) -> None:
    """ninja documents every response as application/json; errors are served as problem+json."""
    for path_item in schema.get("paths", {}).values():
        for operation in path_item.values():
            for status, response in operation.get("responses", {}).items():
                content = response.get("content", {})
                if str(status).isdigit() and int(status) >= 400 and "application/json" in content:
                    response["content"] = {PROBLEM_CONTENT_TYPE: content["application/json"]}


api = SextoAPI(
    title="Sexto API",
    version="1",
    urls_namespace="api",
    auth=[TokenAuth(), SessionAuth(csrf=True)],
    description="Sexto's JSON API. Errors are RFC 9457 problem details "
    "(`application/problem+json`) with per-field `errors`.",
)


class ProblemOut(Schema):
    type: str
    title: str
    status: int
    detail: str
    code: str
    instance: str | None = None
    request_id: str | None = None
    errors: list[dict[str, Any]] | None = None


def _field_path(loc: list[Any]) -> str:
    # ninja prefixes locations with the parameter source ("body", "payload"...): drop them.
    parts = [p for p in loc if p not in ("body", "query", "path", "payload", "form")]
    path = ""
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "(body)"


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [
        {"field": _field_path(list(e.get("loc", []))), "message": e.get("msg", "")}
        for e in exc.errors
    ]
    return problem_response(
        request,
        status=422,
        code="invalid_input",
        detail=_("Some fields are invalid: see errors."),
        errors=errors,
    )


@api.exception_handler(AuthenticationError)
def on_authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return problem_response(
        request,
        status=401,
        code="authentication_required",
        detail=_("Sign in, or send a valid API token: Authorization: Bearer sxt_…"),
        headers={"WWW-Authenticate": 'Bearer realm="sexto"'},
    )


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return problem_response(
        request, status=exc.status_code, code=f"http_{exc.status_code}", detail=str(exc)
    )


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return problem_response(
        request, status=404, code="not_found", detail=_("Nothing here, or nothing you may see.")
    )


@api.exception_handler(DomainError)
def on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    errors = [{"field": exc.field, "message": str(exc)}] if exc.field else None
    return problem_response(
        request, status=exc.status, code=exc.code, detail=str(exc), errors=errors
    )


class MembershipOut(Schema):
    role: str
    school_id: str | None
    organisation_id: str | None
    is_backup: bool


class MeOut(Schema):
    id: int
    email: str
    handle: str
    name: str
    language: str
    roles: list[MembershipOut]


@api.get(
    "/me",
    response={200: MeOut, 401: ProblemOut},
    tags=["account"],
    summary="The signed-in person and their current roles",
)
def me(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    return {
        "id": user.pk,
        "email": user.email,  # type: ignore[union-attr]
        "handle": user.handle,  # type: ignore[union-attr]
        "name": user.get_full_name(),  # type: ignore[union-attr]
        "language": user.preferred_language,  # type: ignore[union-attr]
        "roles": [
            {
                "role": h.role,
                "school_id": str(h.school_id) if h.school_id else None,
                "organisation_id": str(h.organisation_id) if h.organisation_id else None,
                "is_backup": h.is_backup,
            }
            for h in roles_of(user)
        ],
    }


def _routers() -> None:
    from sexto.api import cases, credentials, devices, referrals
    from sexto.api.grid import router as grid_router

    api.add_router("/grid", grid_router)
    api.add_router("/", cases.router)
    api.add_router("/", devices.router)
    api.add_router("/", referrals.router)
    api.add_router("/", credentials.router)


_routers()
