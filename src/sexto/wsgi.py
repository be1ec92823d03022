"""WSGI entry point (gunicorn sexto.wsgi)."""

import os
import sys

from django.core.wsgi import get_wsgi_application

from sexto.settings.env import ConfigError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sexto.settings.prod")
try:
    application = get_wsgi_application()
except ConfigError as error:
    sys.stderr.write(f"sexto: {error}\n")
    raise SystemExit(2) from None
