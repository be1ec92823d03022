"""The public golden cases of ``sexto-grid/1`` (``shared/grid-cases.json``) must all pass."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sexto.interventions.grid import RULES_VERSION, SCHEMA, evaluate


def _repo_root() -> Path:
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "pyproject.toml").is_file() or (parent / ".git").exists():
            return parent
    raise RuntimeError(f"no repository root above {here}")


GOLDEN_PATH = _repo_root().parent / "shared" / "grid-cases.json"


def _cases() -> list[Any]:
    if not GOLDEN_PATH.is_file():
        # A missing file must fail the suite, not silently run zero cases.
        return [pytest.param(None, id="golden-file-missing")]
    cases = json.loads(GOLDEN_PATH.read_text(encoding="utf-8"))["cases"]
    return [pytest.param(case, id=case["id"]) for case in cases]


@pytest.mark.parametrize("case", _cases())
def test_golden_case(case: dict[str, Any] | None) -> None:
    assert case is not None, f"golden cases not found at {GOLDEN_PATH}"
    expected = case["expected"]

    result = evaluate(case["incident"])

    assert result["schema"] == SCHEMA
    assert result["rules_version"] == RULES_VERSION
    assert result["legal"] == expected["legal"]
    assert result["nature"] == expected["nature"]
    assert result["route"] == expected["route"]
    assert result["youth_protection"] == expected["youth_protection"]
    assert result["actions"] == expected["actions"]
    assert [reason["rule"] for reason in result["reasons"]] == expected["rules"]
    for reason in result["reasons"]:
        assert reason["en"].strip() and reason["fr"].strip()


def test_golden_file_has_cases() -> None:
    assert GOLDEN_PATH.is_file(), f"golden cases not found at {GOLDEN_PATH}"
    assert json.loads(GOLDEN_PATH.read_text(encoding="utf-8"))["cases"]
