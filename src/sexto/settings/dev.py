"""Local development: SQLite by default, email to the console, keys from a generated `.env`."""

from pathlib import Path

from sexto.settings.localenv import local_env_ensure, local_env_load, local_var_secure

_BASE_DIR = Path(__file__).resolve().parents[3]
local_var_secure(base_dir=_BASE_DIR)
local_env_load(path=local_env_ensure(base_dir=_BASE_DIR))

from sexto.settings.base import *  # noqa: E402, F403
from sexto.settings.base import STATIC_ROOT  # noqa: E402

STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns when it is missing
from sexto.settings.base import INSTALLED_APPS  # noqa: E402

DEBUG = True
INTERNAL_IPS = ["127.0.0.1"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
INSTALLED_APPS = [*INSTALLED_APPS]
