"""`POST /api/v1/grid/evaluate`: the grid's own validation and messages, documented models.

The body is validated by the grid package itself (not pydantic), so the API answers with exactly
the per-field messages of the command and the form. The pydantic models below describe the
contract in the OpenAPI schema; a test checks they match the grid's own types.
"""

from __future__ import annotations

import json
from typing import Any, Literal

import rules
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema
from pydantic import BaseModel, ConfigDict, Field, field_validator

from sexto.api.auth import scope_required
from sexto.api.problems import GridNotAllowed, JsonInvalid, JsonRequired, problems
from sexto.core.french import french_typography
from sexto.interventions import grid

router = Router(tags=["grid"])

RoleName = Literal[
    "depicted", "producer", "sender", "recipient", "distributor", "possessor", "requester"
]
Tri = Literal["yes", "no", "unknown"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class GridPerson(_Strict):
    id: str = Field(min_length=1, description="Unique within the incident, e.g. 'A'.")
    age: int | None = Field(
        ge=grid.AGE_MIN, le=grid.AGE_MAX, description="null when unknown (then presumed a minor)."
    )
    adult: bool = Field(False, description="Only with age null: known to be 18 or older.")
    roles: list[RoleName] = Field(min_length=1)
    capacity_concern: bool = False


class GridContent(_Strict):
    medium: Literal["photo", "video", "live_stream", "drawing", "text", "audio"]
    depiction: Literal[
        "none", "suggestive", "breasts_or_buttocks", "genitals_or_anal_region", "sexual_activity"
    ]
    sexual_purpose: bool | None = None
    violent_or_atypical: bool = False


class GridProduction(_Strict):
    by: Literal["self", "other", "unknown"] = "unknown"
    consent: Tri = "unknown"
    coerced: bool = False


class GridDistribution(_Strict):
    stage: Literal["none", "to_intended_recipient", "redistributed"] = "none"
    redistribution_consent: Tri = "unknown"
    audience: Literal["none", "one", "few", "many", "public"] = "none"
    posted_online: bool = False


class GridIndicators(_Strict):
    adult_involved: bool = False
    threats_or_extortion: bool = False
    intent_to_harm: bool = False
    profit: bool = False
    grooming: bool = False
    immediate_risk_of_harm: bool = False
    parent_involved: bool = False


class GridIncident(_Strict):
    """An incident described by the contract `sexto-grid/1` (GRID.md)."""

    schema_: Literal["sexto-grid/1"] = Field(alias="schema")
    people: list[GridPerson] = Field(min_length=1)
    content: GridContent
    production: GridProduction = GridProduction()
    distribution: GridDistribution = GridDistribution()
    indicators: GridIndicators = GridIndicators()


class GridLegal(Schema):
    child_sexual_abuse_material: Literal["yes", "undetermined", "no"]
    intimate_image_without_consent: bool
    extortion: bool
    luring: bool
    voyeurism: bool


class GridReason(Schema):
    rule: str = Field(description="L1–L5, N1–N3, R1–R3, Y1–Y3")
    en: str
    fr: str

    @field_validator("fr")
    @classmethod
    def _french_typography(cls, value: str) -> str:
        # Results stored before the reasons followed FRENCH.md (’, no-break space before the
        # colon) read as the case page shows them.
        return french_typography(value)


class GridResultOut(BaseModel):
    """The grid's result: same shape as `evaluate_incident` prints.

    A plain pydantic model, not a ninja Schema: ninja revalidates a returned Schema through its
    attributes, and a Schema's `schema` attribute is a method, not this model's `schema` field.
    """

    schema_: str = Field(alias="schema")
    rules_version: str
    legal: GridLegal
    nature: Literal["malicious", "impulsive", "not_sexting"]
    route: Literal["police_immediately", "sexto_procedure", "school_follow_up"]
    youth_protection: Literal["required", "consult", "not_indicated"]
    actions: list[str]
    reasons: list[GridReason]


def _may_evaluate(request: HttpRequest) -> bool:
    return bool(rules.has_perm("grid.evaluate", request.user)) and scope_required(request, "grid")


@router.post(
    "/evaluate",
    response={200: GridResultOut, **problems(403, 415, 422)},
    by_alias=True,
    summary="Evaluate an incident with the grid",
    description="Validates the incident exactly as GRID.md says and returns the result. "
    "Invalid input: 422 with one `{field, message}` per problem (`message` in English, "
    "`message_fr` in French).",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/GridIncident"}}
            },
        }
    },
)
def grid_evaluate(request: HttpRequest) -> GridResultOut:
    if not _may_evaluate(request):
        raise GridNotAllowed(
            _(
                "Only coordinators, principals and learners in a simulation may use the "
                "grid. A token needs the 'grid' scope."
            )
        )
    if request.content_type != "application/json":
        raise JsonRequired(_("Send the incident as application/json."))
    try:
        incident: Any = json.loads(request.body or b"null")
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise JsonInvalid() from error
    # An invalid incident raises grid.IncidentInvalid: api/problems.py answers with its errors.
    return GridResultOut.model_validate(grid.evaluate(incident))


EXTRA_SCHEMAS: dict[str, Any] = {}


def extra_schemas() -> dict[str, Any]:
    """The request models' JSON Schemas, lifted into OpenAPI components."""
    if not EXTRA_SCHEMAS:
        schema = GridIncident.model_json_schema(
            by_alias=True, ref_template="#/components/schemas/{model}"
        )
        EXTRA_SCHEMAS.update(schema.pop("$defs", {}))
        EXTRA_SCHEMAS["GridIncident"] = schema
    return EXTRA_SCHEMAS
