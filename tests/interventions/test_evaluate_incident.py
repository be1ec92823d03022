"""`manage.py evaluate_incident` reproduces every golden case and reports bad input on stderr."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
GOLDEN = REPO.parent / "shared" / "grid-cases.json"


def _run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(REPO / "manage.py"), "evaluate_incident", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={"DJANGO_SETTINGS_MODULE": "sexto.settings.test", "PATH": "/usr/bin:/bin"},
    )


def test_reproduces_every_golden_case_exactly_in_one_run() -> None:
    cases = json.loads(GOLDEN.read_text())["cases"]
    result = _run("-", stdin=json.dumps([case["incident"] for case in cases]))
    assert result.returncode == 0, result.stderr
    outputs = json.loads(result.stdout)
    assert len(outputs) == len(cases)
    for case, output in zip(cases, outputs, strict=True):
        expected = case["expected"]
        assert output["schema"] == "sexto-grid/1" and output["rules_version"] == "2026.1"
        for key in ("legal", "nature", "route", "youth_protection", "actions"):
            assert output[key] == expected[key], (case["id"], key)
        assert [r["rule"] for r in output["reasons"]] == expected["rules"], case["id"]


def test_one_object_in_one_object_out(tmp_path: Path) -> None:
    incident = json.loads(GOLDEN.read_text())["cases"][0]["incident"]
    path = tmp_path / "incident.json"
    path.write_text(json.dumps(incident))
    result = _run(str(path))
    assert result.returncode == 0
    assert isinstance(json.loads(result.stdout), dict)


def test_invalid_input_prints_one_line_per_problem_and_exits_2() -> None:
    bad = {
        "schema": "sexto-grid/1",
        "people": [{"id": "A", "age": 3, "roles": ["depicted"]}],
        "content": {"medium": "photo", "colour": "red"},
    }
    result = _run("-", stdin=json.dumps(bad))
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert "people[0].age: must be an integer from 5 to 99" in lines
    assert any(line.startswith("content.depiction:") for line in lines)
    assert any(line.startswith("content.colour:") for line in lines)
    assert len(lines) == 3


@pytest.mark.parametrize(
    ("stdin", "words"),
    [
        ("{not json", "not valid JSON"),
        ("[1, {}]", "[0]: must be an object"),
    ],
)
def test_unreadable_input(stdin: str, words: str) -> None:
    result = _run("-", stdin=stdin)
    assert result.returncode == 2 and result.stdout == ""
    assert words in result.stderr


def test_missing_file() -> None:
    result = _run("/nonexistent/incident.json")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "/nonexistent/incident.json: cannot be read (No such file or directory)"
    ]
