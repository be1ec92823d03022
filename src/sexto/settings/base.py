"""Settings shared by every environment; secrets and site values come from the environment."""

from __future__ import annotations

import datetime
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from sexto.core.limits_rules import RateRule
from sexto.settings.env import (
    env_parsed,
    env_value,
    parse_database_url,
    parse_email_url,
    parse_fernet_keys,
    parse_list,
    parse_public_base_url,
    parse_secret,
)

SRC_DIR = Path(__file__).resolve().parents[2]
BASE_DIR = SRC_DIR.parent
PACKAGE_DIR = SRC_DIR / "sexto"

SECRET_KEY = env_parsed("SECRET_KEY", parse_secret)
DEBUG = False
ALLOWED_HOSTS = env_parsed("ALLOWED_HOSTS", parse_list)
PUBLIC_BASE_URL = env_parsed("PUBLIC_BASE_URL", parse_public_base_url)
FIELD_ENCRYPTION_KEYS = env_parsed("FIELD_ENCRYPTION_KEYS", parse_fernet_keys)
BLIND_INDEX_KEY = env_parsed("BLIND_INDEX_KEY", parse_secret)
AUDIT_HMAC_KEY = env_parsed("AUDIT_HMAC_KEY", parse_secret)
BACKUP_ENCRYPTION_KEY = env_parsed("BACKUP_ENCRYPTION_KEY", parse_fernet_keys)[0]

DATABASES = {"default": env_parsed("DATABASE_URL", parse_database_url)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

_email = env_parsed("EMAIL_URL", parse_email_url)
EMAIL_BACKEND = _email.pop("EMAIL_BACKEND")
for _name, _value in _email.items():
    globals()[_name] = _value
DEFAULT_FROM_EMAIL = env_value("DEFAULT_FROM_EMAIL", default="Sexto <no-reply@sexto.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The contact address credentials name for an issuer without its own (none when empty).
CREDENTIALS_ISSUER_EMAIL = env_value("CREDENTIALS_ISSUER_EMAIL", default="")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "axes",
    "csp",
    "rules.apps.AutodiscoverRulesConfig",
    "ninja",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "oauth2_provider",
    "sexto.core",
    "sexto.audit",
    "sexto.directory",
    "sexto.interventions",
    "sexto.privacy",
    "sexto.training",
    "sexto.credentials",
    "sexto.stats",
    "sexto.backups",
    "sexto.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "sexto.core.middleware.RequestNotesMiddleware",
    # Outside everything that answers for the user (static files are served before it).
    "sexto.core.middleware.NoStoreWhenSignedInMiddleware",
    "sexto.interventions.middleware.RefuseUploadsMiddleware",
    "sexto.core.limits.AbuseLimitsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Inside CSPMiddleware: the sign-in pages' forms may reach the boards' providers.
    "sexto.directory.sign_in.middleware.BoardSignInFormActionMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "sexto.directory.middleware.TwoFactorRequiredMiddleware",
    # axes must come last (PITFALLS.md).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "sexto.urls"
WSGI_APPLICATION = "sexto.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "sexto.core.context_processors.site",
            ],
        },
    },
]

AUTH_USER_MODEL = "directory.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.ScryptPasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# Sessions: expire after a school day of inactivity, and with the browser.
SESSION_COOKIE_AGE = env_parsed("SESSION_IDLE_SECONDS", int, default=8 * 3600)
# For the idle timeout: each request moves the expiry on (core.sessions writes it at most once a
# minute when nothing else in the session changed).
SESSION_SAVE_EVERY_REQUEST = True
SESSION_ENGINE = "sexto.core.sessions"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "sexto.core.views.csrf_failure"

# allauth: email sign-in, no public sign-up (people are invited), TOTP + recovery codes.
ACCOUNT_ADAPTER = "sexto.directory.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Sexto"
MFA_ADAPTER = "sexto.directory.adapters.MFAAdapter"
# Sign-in through an organisation's own OpenID Connect provider (directory/sign_in/social.py):
# apps are built from its IdentityProvider row, never from allauth's SocialApp table; nobody is
# created by signing in; only a member found by a verified email is linked (docs/sign-in.md).
SOCIALACCOUNT_ADAPTER = "sexto.directory.sign_in.social.SocialAccountAdapter"
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_QUERY_EMAIL = True
SOCIALACCOUNT_REQUESTS_TIMEOUT = 10

# axes alone limits password failures: per username and IP, a cool-off, never a permanent lock.
AXES_FAILURE_LIMIT = env_parsed("AXES_FAILURE_LIMIT", int, default=10)
AXES_COOLOFF_TIME = env_parsed("AXES_COOLOFF_MINUTES", int, default=15) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "sexto.directory.adapters.axes_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "account/lockout.html"
# One client address per request (core/request.py) for axes, allauth, rate limits and audit.
AXES_CLIENT_IP_CALLABLE = "sexto.core.request.client_ip"
AXES_ENABLE_ACCESS_FAILURE_LOG = True

# Reverse proxies in front of the app (nginx: 1): the client's address is the one the outermost
# of them saw, read from X-Forwarded-For; anything the client itself wrote there is ignored.
PROXY_COUNT = env_parsed("PROXY_COUNT", int, default=0)

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
# Our catalogue, then our wording of allauth's messages (scripts/thirdparty_messages.py).
# French dates and times written as FRENCH.md says (« 4 décembre 2026 à 6 h 50 »).
FORMAT_MODULE_PATH = ["sexto.formats"]
LOCALE_PATHS = [PACKAGE_DIR / "locale", PACKAGE_DIR / "locale_thirdparty"]
TIME_ZONE = "America/Montreal"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Case endpoints never take files; anything larger than this is refused outright.
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024

# Strict CSP: no inline script or style anywhere (PITFALLS.md on htmx and allauth).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
}

# Rate limits count in this cache: several app servers must share one (CACHE_URL=redis://…).
_cache_url = env_value("CACHE_URL", default="")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _cache_url}
        if _cache_url
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Abuse limits, all in one place (core/limits.py): per client address, first matching rule wins.
# Public pages and the verification API are named by pattern so new routes are covered at once.
RATE_LIMITS_ENABLED = env_parsed("RATE_LIMITS_ENABLED", lambda raw: raw != "false", default="true")
RATE_LIMITS = [
    RateRule("interventions:intake_new", env_value("RATE_INTAKE", default="30/h"), ("POST",)),
    RateRule("api:intake_file", env_value("RATE_INTAKE", default="30/h"), ("POST",)),
    RateRule("api:credential_verify", env_value("RATE_VERIFY_API", default="120/m"), ("POST",)),
    RateRule("credentials:public_*", env_value("RATE_PUBLIC", default="300/m"), ("GET",)),
    # Wallets POST to the exchange and OID4VCI endpoints (a few requests per offer).
    RateRule("credentials:public_wallet_*", env_value("RATE_WALLET", default="60/m"), ("POST",)),
    # OAuth token endpoint of the OB 3.0 API: a few requests per connection or refresh.
    RateRule("oauth2_provider:token", env_value("RATE_OAUTH_TOKEN", default="60/m"), ("POST",)),
    # OB 3.0 dynamic client registration: a backpack registers once, not in a loop.
    RateRule(
        "credentials:public_hostapi_register",
        env_value("RATE_HOSTAPI_REGISTER", default="10/h"),
        ("POST",),
    ),
]
# Request bodies larger than this are refused with 413 before they are read (bytes).
REQUEST_BODY_LIMITS = [("api:credential_verify", 256 * 1024)]

# The OB 3.0 REST API (credentials/hostapi): OAuth 2.0 authorization code with PKCE (S256 only),
# django-oauth-toolkit. Scopes are the specification's; their labels are what the consent page
# and "Connected apps" show the member.
OB3_SCOPE_PREFIX = "https://purl.imsglobal.org/spec/ob/v3p0/scope/"
OAUTH2_PROVIDER = {
    "SCOPES": {
        OB3_SCOPE_PREFIX + "credential.readonly": _("See your Sexto badges (signed credentials)"),
        OB3_SCOPE_PREFIX + "credential.upsert": _(
            "Send badges to your Sexto account (Sexto refuses them: it keeps only its own)"
        ),
        OB3_SCOPE_PREFIX + "profile.readonly": _(
            "See your profile as you chose to publish it (your handle; your name only if you "
            "chose to show it)"
        ),
        OB3_SCOPE_PREFIX + "profile.update": _(
            "Change your profile (Sexto refuses it: you change it in Sexto only)"
        ),
    },
    "DEFAULT_SCOPES": [OB3_SCOPE_PREFIX + "credential.readonly"],
    "OAUTH2_VALIDATOR_CLASS": "sexto.credentials.hostapi.oauth.HostApiValidator",
    "PKCE_REQUIRED": True,
    "AUTHORIZATION_CODE_EXPIRE_SECONDS": 120,
    "ACCESS_TOKEN_EXPIRE_SECONDS": 3600,
    "REFRESH_TOKEN_EXPIRE_SECONDS": 180 * 24 * 3600,
    "ROTATE_REFRESH_TOKEN": True,
    "REFRESH_TOKEN_REUSE_PROTECTION": True,
    # The member authorises each client explicitly, every time it asks.
    "REQUEST_APPROVAL_PROMPT": "force",
    # http only for loopback redirect URIs (RFC 8252): registration refuses any other http URI.
    "ALLOWED_REDIRECT_URI_SCHEMES": ["https", "http"],
    "OAUTH2_RESPONSE_TYPES_SUPPORTED": ["code"],
    "OAUTH2_GRANT_TYPES_SUPPORTED": ["authorization_code", "refresh_token"],
    "COMPLIANT_BCP_RFC9700_IMPLICIT_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PASSWORD_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PKCE_METHOD": True,
    "COMPLIANT_BCP_RFC9700_ACCESS_TOKEN_TRANSPORT": True,
    "COMPLIANT_BCP_RFC9700_AUTHZ_RESPONSE_ISS": True,
    "COMPLIANT_BCP_RFC9700_TOKEN_STORAGE": True,
    "COMPLIANT_BCP_RFC9700_REFRESH_TOKEN": True,
    "COMPLIANT_BCP_RFC9700_REDIRECT_URI_MATCHING": True,
    "COMPLIANT_BCP_RFC9700_PKCE_REQUIRED": True,
}
# Named so migrations can refer to it (a swappable model; the default one).
OAUTH2_PROVIDER_APPLICATION_MODEL = "oauth2_provider.Application"
# Development and tests accept http redirect URIs on a loopback address only (registration checks
# it); production accepts https only (prod.py), so `check --deploy` has nothing to silence.
SILENCED_SYSTEM_CHECKS = ["oauth2_provider.W008"]

API_TOKEN_DAYS = env_parsed("API_TOKEN_DAYS", int, default=90)
INTAKE_ESCALATION_MINUTES = env_parsed("INTAKE_ESCALATION_MINUTES", int, default=30)
# The end of the school day, local time (HH:MM): the Sexto procedure's same-day police contact and
# the DPJ's "without delay" are due by then (interventions.procedure.school_day_end).
SCHOOL_DAY_END = env_parsed(
    "SCHOOL_DAY_END", lambda raw: datetime.time.fromisoformat(raw), default="16:00"
)
# Step reminders (interventions.services.reminders): the lead and the backup are reminded this
# many hours before a step is due and when it becomes overdue; the principal this many hours after.
STEP_REMINDER_BEFORE_HOURS = env_parsed("STEP_REMINDER_BEFORE_HOURS", int, default=2)
STEP_ESCALATION_HOURS = env_parsed("STEP_ESCALATION_HOURS", int, default=24)
# Access to a case beyond its team (DESIGN.md): a grant lasts at most this many days; a privacy
# officer's break-glass lasts this many hours.
ACCESS_GRANT_MAX_DAYS = env_parsed("ACCESS_GRANT_MAX_DAYS", int, default=30)
BREAK_GLASS_HOURS = env_parsed("BREAK_GLASS_HOURS", int, default=24)
# Retention (DESIGN.md): years each kind of record is kept after it was closed, then destroyed by
# the daily job unless a legal hold is in force. Audit events are kept AUDIT_RETENTION_YEARS.
RETENTION_YEARS = {
    "closed_case": env_parsed("RETENTION_CLOSED_CASE_YEARS", int, default=5),
    "intake_without_case": env_parsed("RETENTION_INTAKE_WITHOUT_CASE_YEARS", int, default=1),
}
AUDIT_RETENTION_YEARS = env_parsed("AUDIT_RETENTION_YEARS", int, default=7)
# Training: the pass mark of an Architecte simulation, in percent of the score.
SIMULATION_PASS_MARK = env_parsed("SIMULATION_PASS_MARK", int, default=80)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        "django.request": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        # WeasyPrint and fontTools narrate every rendering step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
