"""Tests: fixed throwaway keys, SQLite unless DATABASE_URL is set, tasks run at once."""

import os

_TEST_ENV = {
    "SECRET_KEY": "test-secret-key-not-for-production-0123456789abcdef",
    "ALLOWED_HOSTS": "testserver,localhost,127.0.0.1",
    "PUBLIC_BASE_URL": "https://sexto.test",
    "EMAIL_URL": "locmem://",
    "DATABASE_URL": "sqlite:///test-sexto.sqlite3",
    "FIELD_ENCRYPTION_KEYS": "6ZV3_4m1kpXlC9Fq1cZ6l0oT0c3b1q2nTyG0m2d1p6E=",
    "BLIND_INDEX_KEY": "test-blind-index-key-0123456789abcdef0123",
    "AUDIT_HMAC_KEY": "test-audit-hmac-key-0123456789abcdef01234",
    "BACKUP_ENCRYPTION_KEY": "q5Yx8m1cF2d3e4f5g6h7i8j9k0l1m2n3o4p5q6r7s8M=",
}
for _name, _value in _TEST_ENV.items():
    os.environ.setdefault(_name, _value)

from sexto.settings.base import *  # noqa: E402, F403
from sexto.settings.base import STATIC_ROOT  # noqa: E402

STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns when it is missing

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Each test process keeps its own cache, even with CACHE_URL set: tests clear the cache around
# every test (tests/conftest.py), and a Redis clear() empties the whole database, which would wipe
# what tests in the other pytest-xdist workers (or a developer's own server) keep there.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Fault tests run a real worker against their own cluster: tasks go through the database there.
if os.environ.get("SEXTO_TEST_TASKS") == "db":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
