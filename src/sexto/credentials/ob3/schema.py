"""Validation against the bundled official OB 3.0 AchievementCredential JSON Schema.

The bundled file (``schemas/ob_v3p0_achievementcredential_schema.json``, source in
``schemas/SOURCES.md``) is the revision found in 1EdTech's repository, written for VC
Data Model 1.1: it lists ``issuanceDate`` as required. OB 3.0.3 moved to VC 2.0, where
``validFrom`` replaces it. So, and only so, a missing ``issuanceDate`` is not an error
when ``validFrom`` is present; every other rule of the schema applies as published.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft201909Validator

SCHEMA_PATH = (
    Path(__file__).resolve().parent / "schemas" / "ob_v3p0_achievementcredential_schema.json"
)


def schema_available() -> bool:
    """Whether the official schema file is bundled (see schemas/SOURCES.md)."""
    return SCHEMA_PATH.is_file()


@cache
def _validator() -> Draft201909Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return Draft201909Validator(schema, format_checker=Draft201909Validator.FORMAT_CHECKER)


def _vc2_date_rename(error: Any, document: dict[str, Any]) -> bool:
    return (
        error.validator == "required"
        and not error.absolute_path
        and "'issuanceDate'" in error.message
        and "validFrom" in document
    )


@cache
def _fast_validator() -> Any:
    """jsonschema-rs (Rust) on the same schema when installed: about 30 times faster, used only to
    tell that a document conforms; the messages always come from jsonschema below."""
    try:
        import jsonschema_rs
    except ImportError:
        return None
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return jsonschema_rs.Draft201909Validator(schema, validate_formats=True)


def _conforms_fast(document: dict[str, Any]) -> bool:
    fast = _fast_validator()
    if fast is None:
        return False
    for error in fast.iter_errors(document):
        tolerated = (
            not list(error.instance_path)
            and '"issuanceDate" is a required property' in error.message
            and "validFrom" in document
        )
        if not tolerated:
            return False
    return True


def schema_errors(document: dict[str, Any]) -> list[str]:
    """Human-readable schema errors (path: message); empty when the document conforms."""
    if _conforms_fast(document):
        return []
    errors = []
    for error in sorted(_validator().iter_errors(document), key=lambda e: list(e.absolute_path)):
        if _vc2_date_rename(error, document):
            continue
        path = "/".join(str(p) for p in error.absolute_path) or "(root)"
        errors.append(f"{path}: {error.message}")
    return errors
