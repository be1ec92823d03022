"""The bundled OB 3.0.3 JSON Schemas are 1EdTech's files unchanged (schemas/SOURCES.md)."""

from __future__ import annotations

import hashlib
import json
import re

from sexto.credentials.ob3 import schema

SOURCES = schema.SCHEMAS_DIR / "SOURCES.md"
ROW = re.compile(r"^\| (\S+\.json) \| (docs/schema/\S+\.json) \| ([0-9a-f]{64}) \|$", re.M)


def test_every_bundled_schema_matches_its_recorded_sha256() -> None:
    rows = ROW.findall(SOURCES.read_text(encoding="utf-8"))
    bundled = sorted(p.name for p in schema.SCHEMAS_DIR.glob("*.json"))
    assert sorted(name for name, _upstream, _sha in rows) == bundled
    assert len(bundled) == 5
    for name, _upstream, sha256 in rows:
        assert hashlib.sha256((schema.SCHEMAS_DIR / name).read_bytes()).hexdigest() == sha256, name


def test_the_source_commit_is_recorded() -> None:
    assert "c73e9663afcdbe009a224f7be061ac895168a5b8" in SOURCES.read_text(encoding="utf-8")


def test_the_validator_uses_the_3_0_3_achievement_credential_schema() -> None:
    loaded = json.loads(schema.SCHEMA_PATH.read_text(encoding="utf-8"))
    assert schema.SCHEMA_PATH.name == "achievementcredential-3.0.3.json"
    # 3.0.3 is VC 2.0: validFrom required, issuanceDate gone; proof is an array.
    assert "validFrom" in loaded["required"] and "issuanceDate" not in loaded["properties"]
    assert loaded["properties"]["proof"]["type"] == "array"
