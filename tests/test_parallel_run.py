"""`make test` runs pytest on several workers (pytest-xdist): the controller, which receives every
worker's reports, still prints the gate summary and still fails the run on an unexpected skip
(SEXTO_FAIL_ON_SKIP=1, as .ci/run sets it), checked on a small suite run with this conftest; and
no cache is shared between the workers."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO_ROOT

INI = """[pytest]
addopts = -p no:cacheprovider --dist loadgroup
markers =
    postgres: needs PostgreSQL
    sqlite: needs SQLite
    browser: drives chromium
"""
GATE_TESTS = "def test_one():\n    pass\n\n\ndef test_two():\n    pass\n"
POSTGRES_ONLY = "import pytest\n\n\n@pytest.mark.postgres\ndef test_on_postgres():\n    pass\n"
UNEXPECTED_SKIP = "import pytest\n\n\ndef test_skips():\n    pytest.skip('nothing to check')\n"


def _suite(root: Path, *, with_unexpected_skip: bool) -> None:
    (root / "pytest.ini").write_text(INI)
    core = root / "tests" / "core"
    core.mkdir(parents=True)
    shutil.copy(REPO_ROOT / "tests" / "conftest.py", root / "tests" / "conftest.py")
    # The gate "security headers and deploy check" is found by this path.
    (core / "test_security_headers.py").write_text(GATE_TESTS)
    (root / "tests" / "test_postgres_only.py").write_text(POSTGRES_ONLY)
    if with_unexpected_skip:
        (root / "tests" / "test_unexpected.py").write_text(UNEXPECTED_SKIP)


def _run_parallel(root: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "SEXTO_FAIL_ON_SKIP": "1",
        "DJANGO_SETTINGS_MODULE": "sexto.settings.test",
        # SQLite: the PostgreSQL-marked test skips, which is allowed.
        "DATABASE_URL": "sqlite:///:memory:",
        "PYTHONPATH": str(REPO_ROOT / "src"),
    }
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-n", "2", "tests"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_an_unexpected_skip_fails_a_parallel_run_and_the_gates_still_print(
    tmp_path: Path,
) -> None:
    _suite(tmp_path, with_unexpected_skip=True)
    result = _run_parallel(tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Unexpected skips (SEXTO_FAIL_ON_SKIP=1):" in result.stdout
    assert "tests/test_unexpected.py::test_skips" in result.stdout
    # A PostgreSQL-marked test may skip on SQLite: its marker reaches the controller too.
    assert "tests/test_postgres_only.py" not in result.stdout.split("Unexpected skips")[1]
    assert "gates (issue 10)" in result.stdout
    gate = next(line for line in result.stdout.splitlines() if "security headers" in line)
    assert " ok " in gate and " 2 tests" in gate


def test_each_test_process_keeps_its_own_cache_even_with_a_cache_server_configured() -> None:
    # Tests clear the cache around each test: a shared Redis would be emptied under the other
    # workers' feet (and a developer's own server with them).
    probe = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.CACHES['default']['BACKEND'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        env={
            **os.environ,
            "CACHE_URL": "redis://127.0.0.1:6379/0",
            "DJANGO_SETTINGS_MODULE": "sexto.settings.test",
            "PYTHONPATH": str(REPO_ROOT / "src"),
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.core.cache.backends.locmem.LocMemCache"
