"""Validation against the bundled official OB 3.0.3 AchievementCredential JSON Schema.

The bundled files (``schemas/*-3.0.3.json``, source commit and sha256 in ``schemas/SOURCES.md``)
are 1EdTech's 3.0.3 schemas, copied unchanged. Every rule applies as published, format checks
included, with one reading: the VC data model lets a single ``proof`` be written as an object
(every credential we signed before the array form), which the schema only knows as a one-element
array; such a document is validated as that array.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import rfc3339_validator
from jsonschema import Draft201909Validator, FormatChecker

SCHEMAS_DIR = Path(__file__).resolve().parent / "schemas"
SCHEMA_PATH = SCHEMAS_DIR / "achievementcredential-3.0.3.json"
ENDORSEMENT_SCHEMA_PATH = SCHEMAS_DIR / "endorsementcredential-3.0.3.json"
# What a credential names in ``credentialSchema`` (the schema's published address).
ACHIEVEMENT_CREDENTIAL_SCHEMA_ID = (
    "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
)
SCHEMA_VALIDATOR_TYPE = "1EdTechJsonSchemaValidator2019"


def _date_time(value: object) -> bool:
    """RFC 3339 date-time, as the Rust validator reads it (which also takes a leap second)."""
    if not isinstance(value, str):
        return True
    # "t" and "z" may be lower case (RFC 3339 §5.6); rfc3339_validator refuses a lower-case "z"
    # after fractional seconds. T and Z are the only letters a date-time has.
    value = value.upper()
    if rfc3339_validator.validate_rfc3339(value):
        return True
    # RFC 3339 allows second 60 (a leap second); rfc3339_validator's calendar check does not.
    head, sep, tail = value.partition(":60")
    return bool(sep) and len(head) == 16 and rfc3339_validator.validate_rfc3339(head + ":59" + tail)


FORMAT_CHECKER = FormatChecker(formats=("date", "date-time"))
FORMAT_CHECKER.checks("date-time")(_date_time)


def schema_available() -> bool:
    """Whether the official schema file is bundled (see schemas/SOURCES.md)."""
    return SCHEMA_PATH.is_file()


def credential_schema_entry() -> list[dict[str, str]]:
    """The ``credentialSchema`` value of our credentials (OB 3.0.3 AchievementCredential)."""
    return [{"id": ACHIEVEMENT_CREDENTIAL_SCHEMA_ID, "type": SCHEMA_VALIDATOR_TYPE}]


def _path_for(document: dict[str, Any]) -> Path:
    """An EndorsementCredential is checked against its own 3.0.3 schema, anything else against
    the AchievementCredential one."""
    types = document.get("type")
    types = [types] if isinstance(types, str) else types
    if isinstance(types, list) and "EndorsementCredential" in types:
        return ENDORSEMENT_SCHEMA_PATH
    return SCHEMA_PATH


@cache
def _schema(path: Path = SCHEMA_PATH) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return schema


@cache
def _validator(path: Path = SCHEMA_PATH) -> Draft201909Validator:
    return Draft201909Validator(_schema(path), format_checker=FORMAT_CHECKER)


@cache
def _fast_validator(path: Path = SCHEMA_PATH) -> Any:
    """jsonschema-rs (Rust) on the same schema when installed: about 30 times faster, used only to
    tell that a document conforms; the messages always come from jsonschema below."""
    try:
        import jsonschema_rs
    except ImportError:
        return None
    return jsonschema_rs.Draft201909Validator(_schema(path), validate_formats=True)


def _as_published(document: dict[str, Any]) -> dict[str, Any]:
    proof = document.get("proof")
    if isinstance(proof, dict):
        return {**document, "proof": [proof]}
    return document


def fast_conforms(document: dict[str, Any]) -> bool | None:
    """What the Rust path says (None when jsonschema-rs is not installed)."""
    fast = _fast_validator(_path_for(document))
    if fast is None:
        return None
    return bool(fast.is_valid(_as_published(document)))


def python_errors(document: dict[str, Any]) -> list[str]:
    """The Python path's errors (path: message), whatever the Rust path says."""
    errors = []
    for error in sorted(
        _validator(_path_for(document)).iter_errors(_as_published(document)),
        key=lambda e: list(e.absolute_path),
    ):
        path = "/".join(str(p) for p in error.absolute_path) or "(root)"
        errors.append(f"{path}: {error.message}")
    return errors


def schema_errors(document: dict[str, Any]) -> list[str]:
    """Human-readable schema errors (path: message); empty when the document conforms."""
    if fast_conforms(document):
        return []
    return python_errors(document)
