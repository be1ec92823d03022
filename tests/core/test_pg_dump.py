"""A `pg_dump` of a database holding the demo cases contains none of the demo's student names
or narratives: they are encrypted at rest (DESIGN.md, "Data that must never leak")."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.apps import apps
from django.db import connection, models

from sexto.core.crypto import DecryptionFailed, text_decrypt
from sexto.core.fields import EncryptedTextField
from sexto.core.key_rotation import rotation_targets
from sexto.directory.demo import demo_directory_seed
from sexto.interventions.demo import demo_cases_seed

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

STUDENTS = ["Zoé Lavoie", "Noah Gagné", "Maya Roy", "Jérémy Dubé", "Félix Bélanger"]
# Shorter values (a label, "Mère de Zoé") could match unrelated bytes by chance.
MIN_LENGTH = 12


def _pg_dump() -> str:
    found = shutil.which("pg_dump")
    if found:
        return found
    for candidate in sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_dump"), reverse=True):
        return str(candidate)
    pytest.fail("pg_dump is missing: apt-get install postgresql-client")


def _plaintexts() -> set[str]:
    """Every encrypted value in the database, decrypted through the ORM (every app's models)."""
    values: set[str] = set()
    for target in rotation_targets():
        names = [f.name for f in target.model._meta.concrete_fields if f.column in target.encrypted]
        for row in target.model._base_manager.values_list(*names):
            values.update(s for v in row for s in _strings(v) if len(s) >= MIN_LENGTH)
    return values


def _strings(value: object, *, in_json: bool = False) -> list[str]:
    """The texts inside a value: itself, or the secrets of a JSON column (second-factor secrets,
    which the MFA adapter, not the ORM, encrypts: decrypted here)."""
    if isinstance(value, str):
        if in_json:
            try:
                return [text_decrypt(value)]
            except (DecryptionFailed, UnicodeError, ValueError):
                return []  # a plain value of the JSON (a date, a count), not a secret
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item, in_json=True)]
    if isinstance(value, list | tuple):
        return [s for item in value for s in _strings(item, in_json=True)]
    return []


def _plain_values() -> set[str]:
    """Every value of the plain text columns (police file numbers, platform names, forces'
    names): a chronology entry may repeat one of them, and those are not secrets by design."""
    values: set[str] = set()
    for model in apps.get_models():
        names = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField)
            and not isinstance(f, EncryptedTextField)
        ]
        if names:
            for row in model._base_manager.values_list(*names):
                values.update(v for v in row if v)
    return values


def test_pg_dump_holds_no_student_name_or_narrative() -> None:
    demo_directory_seed(lambda line: None)
    assert demo_cases_seed(lambda line: None)
    plain = _plain_values()
    secrets = {s for s in _plaintexts() if not any(s in value for value in plain)}
    assert len(secrets) > 30  # narratives, names, notes, grid answers

    settings = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": settings.get("PASSWORD") or ""}
    dump = subprocess.run(
        [
            _pg_dump(),
            "--data-only",
            "--no-owner",
            "-h",
            settings.get("HOST") or "127.0.0.1",
            "-p",
            str(settings.get("PORT") or 5432),
            "-U",
            settings.get("USER") or "postgres",
            settings["NAME"],
        ],
        capture_output=True,
        check=True,
        env=env,
        timeout=120,
    ).stdout.decode("utf-8")

    # The dump is real: it holds the cases' plain columns (numbers) and the encrypted tokens.
    assert "SX-" in dump and "gAAAAA" in dump
    leaked = sorted(s for s in secrets | set(STUDENTS) if s in dump)
    assert leaked == [], f"plaintext found in the dump (fictional demo data): {leaked}"
