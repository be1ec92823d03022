"""DESIGN.md's import table runs as import-linter contracts (pyproject.toml): the gate passes on
the real source, and a forbidden import in a copy of it breaks the gate."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(*, source_root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(source_root)},
        cwd=ROOT,
        check=False,
    )


@pytest.fixture
def source_copy(tmp_path: Path) -> Path:
    shutil.copytree(
        ROOT / "src" / "sexto",
        tmp_path / "sexto",
        ignore=shutil.ignore_patterns("__pycache__", "locale", "static", "templates"),
    )
    return tmp_path


def append_import(*, source_root: Path, module: str, line: str) -> None:
    path = source_root.joinpath(*module.split(".")).with_suffix(".py")
    path.write_text(path.read_text() + f"\n{line}  # noqa\n")


def test_the_real_source_keeps_every_contract():
    result = lint_imports(source_root=ROOT / "src")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        ("sexto.directory.services", "import sexto.api.auth", "Nothing imports the API"),
        ("sexto.audit.chain", "import sexto.directory.models", "DESIGN.md's layers"),
        ("sexto.directory.services", "import sexto.interventions.models", "DESIGN.md's layers"),
        ("sexto.credentials.services", "import sexto.interventions.models", "Credentials"),
        ("sexto.privacy.services", "import sexto.training.models", "Privacy"),
        ("sexto.backups.services", "import sexto.directory.models", "Backups"),
        ("sexto.interventions.grid.rules", "import django", "The grid imports nothing"),
        (
            "sexto.interventions.grid.rules",
            "import sexto.interventions.models",
            "The grid imports nothing",
        ),
    ],
)
def test_a_forbidden_import_breaks_the_gate(source_copy: Path, module: str, line: str, contract):
    append_import(source_root=source_copy, module=module, line=line)

    result = lint_imports(source_root=source_copy)

    assert result.returncode == 1
    assert "Broken contracts" in result.stdout, result.stdout
    report = result.stdout.split("Broken contracts", 1)[1]
    assert contract in report
    assert line.removeprefix("import ") in report


def test_the_grid_imports_only_the_standard_library():
    graph = grimp.build_graph("sexto", include_external_packages=True, cache_dir=None)
    grid = "sexto.interventions.grid"
    outside = {
        (module, imported)
        for module in graph.find_descendants(grid) | {grid}
        for imported in graph.find_modules_directly_imported_by(module)
        if not imported.startswith(grid)
        and imported.split(".")[0] not in sys.stdlib_module_names
        and imported != "__future__"
    }

    assert outside == set()
