"""Production: every variable required, HTTPS only, hardened cookies and headers."""

from sexto.settings.base import *  # noqa: F403
from sexto.settings.env import env_parsed

SECURE_SSL_REDIRECT = env_parsed("SECURE_SSL_REDIRECT", lambda raw: raw == "true", default="true")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 63072000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"

# The OB 3.0 API's clients: https redirect URIs only in production.
OAUTH2_PROVIDER = {**OAUTH2_PROVIDER, "ALLOWED_REDIRECT_URI_SCHEMES": ["https"]}  # noqa: F405
SILENCED_SYSTEM_CHECKS = []
