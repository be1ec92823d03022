"""Reading configuration from the environment, failing with one line that names the variable."""

from __future__ import annotations

import base64
import binascii
import os
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlparse

import dj_database_url
import environ

T = TypeVar("T")


class ConfigError(Exception):
    """A missing or malformed environment variable; the message is one line naming it."""


_MISSING = object()


def env_value(name: str, *, default: object = _MISSING) -> str:
    """The variable's value, or `default`; missing without a default stops start-up."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        if default is _MISSING:
            raise ConfigError(f"{name} is not set: see README.md, section 'Configuration'.")
        return str(default)
    return value.strip()


def env_parsed(name: str, parse: Callable[[str], T], *, default: object = _MISSING) -> T:
    """The variable parsed by `parse`; a parse failure names the variable and the reason."""
    raw = env_value(name, default=default)
    try:
        return parse(raw)
    except (ValueError, TypeError, KeyError) as exc:
        raise ConfigError(f"{name} is malformed: {exc}") from None


def parse_bool(raw: str) -> bool:
    """`1/true/yes/on` or `0/false/no/off`."""
    lowered = raw.lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ValueError("expected true or false")


def parse_list(raw: str) -> list[str]:
    """A comma-separated list with blanks dropped."""
    items = [item.strip() for item in raw.split(",") if item.strip()]
    if not items:
        raise ValueError("expected a comma-separated list")
    return items


def parse_fernet_keys(raw: str) -> list[str]:
    """Comma-separated Fernet keys (url-safe base64 of 32 bytes), newest first."""
    keys = parse_list(raw)
    for position, key in enumerate(keys, start=1):
        try:
            decoded = base64.urlsafe_b64decode(key.encode("ascii"))
        except (binascii.Error, UnicodeEncodeError):
            raise ValueError(f"key {position} is not url-safe base64") from None
        if len(decoded) != 32:
            raise ValueError(f"key {position} must decode to 32 bytes (a Fernet key)")
    return keys


def parse_secret(raw: str) -> str:
    """A secret of at least 32 characters (generate one with `make keys`)."""
    if len(raw) < 32:
        raise ValueError("must be at least 32 characters long")
    return raw


def parse_database_url(raw: str) -> dict[str, Any]:
    """A database URL as dj-database-url reads it (postgres:// or sqlite:///)."""
    if not raw.startswith(("postgres://", "postgresql://", "sqlite://")):
        raise ValueError("expected postgres://… or sqlite:///…")
    config: dict[str, Any] = dict(dj_database_url.parse(raw, conn_max_age=60))
    config["CONN_HEALTH_CHECKS"] = True
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {**config.get("OPTIONS", {}), **SQLITE_CONCURRENT_OPTIONS}
    return config


# The embedded default serves several people at once (`make run`, a small school's trial): each
# case read writes an audit event, and SQLite's defaults answer a second writer with "database is
# locked" at once. WAL lets readers go on while one writes; the busy timeout makes a writer wait
# its turn instead of failing; IMMEDIATE takes the write lock when a transaction starts, so two
# transactions never both read and then both try to upgrade (a deadlock SQLite breaks by failing
# one at once, whatever the timeout). synchronous=NORMAL is safe from corruption in WAL mode; a
# power cut may lose the last commits of a development database, never its consistency.
SQLITE_CONCURRENT_OPTIONS: dict[str, Any] = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    "timeout": 20,
    "transaction_mode": "IMMEDIATE",
}


def parse_email_url(raw: str) -> dict[str, Any]:
    """An email URL: smtp://, smtp+tls:// (STARTTLS), smtps:// (TLS), console:// or locmem://."""
    scheme = urlparse(raw).scheme
    if scheme == "console":
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if scheme == "locmem":
        return {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    if scheme not in {"smtp", "smtps", "smtp+tls", "smtp+ssl"}:
        raise ValueError("expected smtp://, smtp+tls://, smtps://, console:// or locmem://")
    config = environ.Env.email_url_config(raw)
    return dict(config)


def parse_public_base_url(raw: str) -> str:
    """An absolute http(s) URL without a trailing slash."""
    parsed = urlparse(raw)
    if parsed.scheme not in {"http", "https"} or not parsed.netloc:
        raise ValueError("expected an absolute URL such as https://sexto.example.org")
    return raw.rstrip("/")
