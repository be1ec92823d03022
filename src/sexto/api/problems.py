"""The API's one error vocabulary: the RFC 9457 Problem schema and the one map from exceptions
to problem responses.

Endpoints never build an error response: they raise (a `DomainError` from a service, `Http404`
from a selector, an `ApiProblem` below for what only the API checks) and the handlers registered
by `problem_handlers_register` answer with `application/problem+json` in the shape of `Problem`.
The body itself is built by `sexto.core.problems.problem_response`, which the middlewares
(rate limits, maintenance, two-factor) use too, so every error of the site has one shape.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from pydantic import Field

from sexto.core.errors import DomainError, PermissionRefused
from sexto.core.problems import PROBLEM_CONTENT_TYPE, problem_response
from sexto.interventions import grid
from sexto.interventions.errors import CaseNotClosable

# --- The schema ----------------------------------------------------------------------------


class ProblemFieldError(Schema):
    """One invalid input: where it is and what to do about it."""

    field: str = Field(description="The input, e.g. `school_id`, `roles[0]`, `answers.people`.")
    message: str
    message_fr: str | None = Field(
        None, description="The grid's own French message (grid validation only)."
    )
    code: str | None = Field(
        None, description="The grid's rule code, or the kind of item a closure still needs."
    )
    link: str | None = Field(
        None, description="Where the item is settled on the case page (closure only)."
    )


class Problem(Schema):
    """RFC 9457 problem details; `code` is stable for programs, `detail` is for people."""

    type: str = Field(description="`urn:sexto:problem:<code>`")
    title: str
    status: int
    detail: str
    code: str
    instance: str | None = Field(None, description="The path that was requested.")
    request_id: str | None = Field(None, description="Quote it when asking for help.")
    errors: list[ProblemFieldError] | None = Field(
        None, description="One entry per invalid input (absent when the whole request is refused)."
    )


def problems(*statuses: int) -> dict[int, type[Problem]]:
    """`response=` entries documenting these error statuses as problems."""
    return {status: Problem for status in statuses}


# --- Errors only the API raises --------------------------------------------------------------


class ApiProblem(DomainError):
    """A refusal whose per-field `errors` are not simply `{field: message}` (the grid's, the
    body's JSON)."""

    def __init__(
        self, message: str, *, field: str | None = None, errors: list[dict[str, Any]] | None = None
    ) -> None:
        super().__init__(message, field=field)
        self.errors = errors


class InputInvalid(DomainError):
    """An input names something that is not there (a police force, a person on the case)."""

    code = "invalid_input"
    status = 422


class JsonRequired(DomainError):
    """An endpoint that reads its body itself received something other than JSON."""

    code = "json_required"
    status = 415


class JsonInvalid(ApiProblem):
    """The body of an endpoint that reads it itself is not JSON at all."""

    code = "invalid_json"
    status = 422

    def __init__(self) -> None:
        super().__init__(
            _("The body is not valid JSON."),
            errors=[{"field": "(body)", "message": "is not valid JSON"}],
        )


class GridNotAllowed(PermissionRefused):
    """The grid is for coordinators, principals and learners, through a token with `grid`."""

    code = "grid_not_allowed"


class IncidentRefused(ApiProblem):
    """The grid's own validation refused the incident: every problem, in English and French."""

    code = "invalid_incident"
    status = 422

    def __init__(self, invalid: grid.IncidentInvalid, *, under: str | None = None) -> None:
        def field(path: str) -> str:
            if under is None:
                return path
            return under if path == grid.ROOT_PATH else f"{under}.{path}"

        super().__init__(
            ngettext(
                "The incident is invalid: %(count)d problem, see errors.",
                "The incident is invalid: %(count)d problems, see errors.",
                len(invalid.errors),
            )
            % {"count": len(invalid.errors)},
            errors=[
                {"field": field(e.path), "message": e.en, "message_fr": e.fr, "code": e.code}
                for e in invalid.errors
            ],
        )


class ClosureRefused(ApiProblem):
    """The case may not close yet: one entry per missing item (a step, a meeting, a young
    person's parents, a DPJ duty holder, the outcome), each with where it is settled."""

    code = "case_not_closable"
    status = 409

    def __init__(self, refused: CaseNotClosable) -> None:
        super().__init__(
            str(refused),
            errors=[
                {"field": item.field, "message": item.label, "code": item.kind, "link": item.url}
                for item in refused.blockers
            ],
        )


# --- The one map ---------------------------------------------------------------------------


def _field_path(loc: list[Any]) -> str:
    # ninja prefixes locations with the parameter source ("body", "payload"...): drop them.
    parts = [p for p in loc if p not in ("body", "query", "path", "payload", "form")]
    path = ""
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path or "(body)"


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


def on_authentication_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return problem_response(
        request,
        status=401,
        code="authentication_required",
        detail=_("Sign in, or send a valid API token: Authorization: Bearer sxt_…"),
        headers={"WWW-Authenticate": 'Bearer realm="sexto"'},
    )


def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # ninja's own refusals (throttling, method, body parsing) raise HttpError.
    return problem_response(
        request, status=exc.status_code, code=f"http_{exc.status_code}", detail=str(exc)
    )


def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return problem_response(
        request, status=404, code="not_found", detail=_("Nothing here, or nothing you may see.")
    )


def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    # Django's own refusal (a decorator, a library): a problem too, never the HTML 403 page.
    return problem_response(
        request,
        status=403,
        code="forbidden",
        detail=str(exc) or _("You are not allowed to do this."),
    )


def on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    # Every rule of the services (and TwoFactorRequired, a PermissionRefused) lands here with
    # its own status and code.
    if isinstance(exc, ApiProblem) and exc.errors is not None:
        errors: list[dict[str, Any]] | None = exc.errors
    elif exc.field_errors:
        errors = [{"field": name, "message": message} for name, message in exc.field_errors.items()]
    else:
        errors = [{"field": exc.field, "message": str(exc)}] if exc.field else None
    return problem_response(
        request, status=exc.status, code=exc.code, detail=str(exc), errors=errors
    )


def on_incident_invalid(request: HttpRequest, exc: grid.IncidentInvalid) -> HttpResponse:
    return on_domain_error(request, IncidentRefused(exc))


def problem_handlers_register(api: NinjaAPI) -> None:
    """Map every exception an endpoint may raise to its problem (ninja picks the most specific
    handler along the exception's class hierarchy). ninja's `add_exception_handler` is typed
    for a handler taking the exception or its class, so the decorator form is used."""
    api.exception_handler(ValidationError)(on_validation_error)
    api.exception_handler(AuthenticationError)(on_authentication_error)
    api.exception_handler(HttpError)(on_http_error)
    api.exception_handler(Http404)(on_not_found)
    api.exception_handler(PermissionDenied)(on_permission_denied)
    api.exception_handler(DomainError)(on_domain_error)
    api.exception_handler(grid.IncidentInvalid)(on_incident_invalid)


def openapi_problems_as_problem_json(schema: dict[str, Any]) -> None:
    """ninja documents every response as application/json; errors are served as problem+json."""
    for path_item in schema.get("paths", {}).values():
        for operation in path_item.values():
            for status, response in operation.get("responses", {}).items():
                content = response.get("content", {})
                if str(status).isdigit() and int(status) >= 400 and "application/json" in content:
                    response["content"] = {PROBLEM_CONTENT_TYPE: content["application/json"]}
