#!/usr/bin/env python3
"""Print what three independent tools make of a freshly issued Sexto badge (issue 17): DCC
verifier-core (signature, status, expiry, OB 3.0.3 JSON Schema) on the credential and on our
baked PNG and SVG, openbadgeslib's extraction of the baked images, and the 1EdTech OB 2.0
validator on the hosted assertion and the baked OB 2.0 PNG. Output ready to paste into a note.

Usage: .venv/bin/python scripts/interop_report.py   (or `make interop`)

It runs tests/credentials/test_interop_report.py (a throwaway test database and a live server,
so nothing touches your demo database), offline. Exit status 0 when all three accept.
"""

from __future__ import annotations

import os
import subprocess  # nosec B404 - runs pytest on our own test
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    env = dict(os.environ, INTEROP_REPORT="1")
    env.setdefault("PYTHONPATH", str(ROOT / "src"))
    ob2 = ROOT / ".venv-ob2" / "bin" / "python"
    if ob2.exists():
        env.setdefault("OB2_VALIDATOR_PYTHON", str(ob2))
    command = [
        str(ROOT / ".venv" / "bin" / "pytest"),
        "-n",
        "0",
        "-q",
        "-s",
        "-p",
        "no:cacheprovider",
        "--no-header",
        "tests/credentials/test_interop_report.py",
    ]
    return subprocess.run(command, cwd=ROOT, env=env, check=False).returncode  # noqa: S603  # nosec B603


if __name__ == "__main__":
    sys.exit(main())
