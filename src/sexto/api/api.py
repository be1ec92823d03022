"""The JSON API under /api/v1/: thin endpoints over services and selectors, errors as RFC 9457."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import NinjaAPI, Schema

from sexto.api import cases, credentials, devices, referrals
from sexto.api.auth import SessionAuth, TokenAuth
from sexto.api.grid import extra_schemas
from sexto.api.grid import router as grid_router
from sexto.api.problems import (
    openapi_problems_as_problem_json,
    problem_handlers_register,
    problems,
)
from sexto.directory.permissions import roles_of
from sexto.directory.selectors import signed_in_user


class SextoAPI(NinjaAPI):
    """NinjaAPI whose schema also holds models of endpoints that validate bodies themselves."""

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(*args, **kwargs)
        schema.setdefault("components", {}).setdefault("schemas", {}).update(extra_schemas())
        openapi_problems_as_problem_json(schema)
        return schema


api = SextoAPI(
    title="Sexto API",
    version="1",
    urls_namespace="api",
    auth=[TokenAuth(), SessionAuth(csrf=True)],
    description="Sexto's JSON API. Errors are RFC 9457 problem details "
    "(`application/problem+json`) with per-field `errors`.",
)
problem_handlers_register(api)


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
    response={200: MeOut, **problems(401)},
    tags=["account"],
    summary="The signed-in person and their current roles",
)
def me(request: HttpRequest) -> MeOut:
    user = signed_in_user(request)
    return MeOut(
        id=user.pk,
        email=user.email,
        handle=user.handle,
        name=user.get_full_name(),
        language=user.preferred_language,
        roles=[
            MembershipOut(
                role=h.role,
                school_id=str(h.school_id) if h.school_id else None,
                organisation_id=str(h.organisation_id) if h.organisation_id else None,
                is_backup=h.is_backup,
            )
            for h in roles_of(user)
        ],
    )


def _routers() -> None:
    api.add_router("/grid", grid_router)
    api.add_router("/", cases.router)
    api.add_router("/", devices.router)
    api.add_router("/", referrals.router)
    api.add_router("/", credentials.router)


_routers()
