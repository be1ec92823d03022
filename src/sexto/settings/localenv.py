"""The developer's local `.env`: written with fresh keys on the first run, reused afterwards."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from cryptography.fernet import Fernet

DEV_DEFAULTS = {
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "PUBLIC_BASE_URL": "http://127.0.0.1:8000",
    "EMAIL_URL": "console://",
}


def generated_keys() -> dict[str, str]:
    """A fresh set of every secret the settings need."""
    return {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "BLIND_INDEX_KEY": secrets.token_urlsafe(48),
        "AUDIT_HMAC_KEY": secrets.token_urlsafe(48),
        "BACKUP_ENCRYPTION_KEY": Fernet.generate_key().decode(),
    }


def local_env_ensure(*, base_dir: Path) -> Path:
    """Write `.env` if missing (keys must survive restarts, or the demo data becomes unreadable)."""
    path = base_dir / ".env"
    if not path.exists():
        values = {
            **generated_keys(),
            **DEV_DEFAULTS,
            "DATABASE_URL": f"sqlite:///{base_dir / 'var' / 'db.sqlite3'}",
        }
        body = "".join(f"{name}={value}\n" for name, value in values.items())
        path.write_text(
            "# Local development settings, generated on first run. Never commit this file.\n" + body
        )
        path.chmod(0o600)
    return path


def local_env_load(*, path: Path) -> None:
    """Put the file's values into the environment unless the environment already sets them."""
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        name, value = line.split("=", 1)
        os.environ.setdefault(name.strip(), value.strip())


def local_var_secure(*, base_dir: Path) -> Path:
    """`var/` readable by its owner only, and the demo database in it too: the SQLite file holds
    case files (encrypted fields aside, names of schools, people and every audit event), and its
    WAL and shared-memory files hold recent writes."""
    var = base_dir / "var"
    var.mkdir(mode=0o700, exist_ok=True)
    var.chmod(0o700)
    for path in var.glob("*.sqlite3*"):
        path.chmod(0o600)
    return var
