"""Configuration comes from the environment; a missing or malformed variable names itself."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from sexto.settings.env import (
    ConfigError,
    env_parsed,
    parse_database_url,
    parse_email_url,
    parse_fernet_keys,
    parse_public_base_url,
    parse_secret,
)

REPO = Path(__file__).resolve().parents[2]

PROD_ENV = {
    "SECRET_KEY": "x" * 20 + "prod-secret-key-abcdefghijklmnopqrstuvwxyz-0123456789",
    "ALLOWED_HOSTS": "sexto.example.org",
    "PUBLIC_BASE_URL": "https://sexto.example.org",
    "EMAIL_URL": "smtp+tls://user:pass@smtp.example.org:587",
    "DATABASE_URL": "sqlite:////tmp/sexto-prod-check.sqlite3",
    "FIELD_ENCRYPTION_KEYS": "6ZV3_4m1kpXlC9Fq1cZ6l0oT0c3b1q2nTyG0m2d1p6E=",
    "BLIND_INDEX_KEY": "b" * 40,
    "AUDIT_HMAC_KEY": "a" * 40,
    "BACKUP_ENCRYPTION_KEY": "q5Yx8m1cF2d3e4f5g6h7i8j9k0l1m2n3o4p5q6r7s8M=",
    "DJANGO_SETTINGS_MODULE": "sexto.settings.prod",
}


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in PROD_ENV and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    return subprocess.run(
        [sys.executable, str(REPO / "manage.py"), *args],
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_check_deploy_is_clean_under_prod_settings() -> None:
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PROD_ENV)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.parametrize("name", sorted(set(PROD_ENV) - {"DJANGO_SETTINGS_MODULE"}))
def test_missing_variable_stops_start_up_with_one_line_naming_it(name: str) -> None:
    env = {k: v for k, v in PROD_ENV.items() if k != name}
    result = _manage("check", env=env)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and name in lines[0]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("SECRET_KEY", "short"),
        ("DATABASE_URL", "mysql://x"),
        ("EMAIL_URL", "carrier-pigeon://x"),
        ("FIELD_ENCRYPTION_KEYS", "not-a-key"),
        ("PUBLIC_BASE_URL", "sexto.example.org"),
        ("BLIND_INDEX_KEY", "tiny"),
    ],
)
def test_malformed_variable_names_itself(name: str, value: str) -> None:
    result = _manage("check", env={**PROD_ENV, name: value})
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and f"{name} is malformed" in lines[0]


def test_parsers() -> None:
    assert parse_public_base_url("https://a.example/") == "https://a.example"
    assert parse_database_url("postgres://u@h:5432/db")["NAME"] == "db"
    assert parse_email_url("console://")["EMAIL_BACKEND"].endswith("console.EmailBackend")
    assert parse_email_url("smtp+tls://u:p@h:587")["EMAIL_USE_TLS"] is True
    with pytest.raises(ValueError):
        parse_fernet_keys("a,b")
    with pytest.raises(ValueError):
        parse_secret("x")


def test_env_parsed_reports_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SEXTO_SAMPLE", "abc")
    with pytest.raises(ConfigError, match="SEXTO_SAMPLE is malformed"):
        env_parsed("SEXTO_SAMPLE", int)
    monkeypatch.delenv("SEXTO_SAMPLE")
    with pytest.raises(ConfigError, match="SEXTO_SAMPLE is not set"):
        env_parsed("SEXTO_SAMPLE", int)
