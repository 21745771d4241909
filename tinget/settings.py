"""Tinget settings, read from environment variables with documented defaults.

Every variable is listed in the README's configuration table. Nothing secret lives here: the
demo's secret key is generated once into the data directory.
"""

import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent
PACKAGE_DIR = Path(__file__).resolve().parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DATA_DIR = Path(os.environ.get("TINGET_DATA_DIR", BASE_DIR / "data")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


DEBUG = env_bool("DEBUG", False)
TINGET_BASE_URL = os.environ.get("TINGET_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
_LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "[::1]", "::1", "testserver"}


def _is_production() -> bool:
    """DEBUG off and a base URL that is not this machine: the site is really serving."""
    host = urlsplit(TINGET_BASE_URL).hostname or ""
    return not DEBUG and host not in _LOOPBACK_HOSTS and not host.startswith("127.")


def _secret_key() -> str:
    if key := os.environ.get("SECRET_KEY"):
        return key
    if _is_production():
        # A key generated on the fly differs per machine and per data directory, so signed
        # links and sessions would break silently: refuse to start instead.
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Tinget runs in production here (DEBUG is off and "
            f"TINGET_BASE_URL is {TINGET_BASE_URL}): set SECRET_KEY to a long random value, "
            "e.g. the output of: python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    # The demo and tests need no configuration: keep one generated key per data directory so
    # signed links keep working across restarts.
    path = DATA_DIR / "secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        key = secrets.token_urlsafe(50)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(key)
        return key


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
# Who answers about the site as a whole (privacy page, accessibility statement); each series
# also shows its own contact address. The accessibility statement needs a phone and an email.
TINGET_CONTACT_EMAIL = os.environ.get("TINGET_CONTACT_EMAIL", "")
TINGET_CONTACT_PHONE = os.environ.get("TINGET_CONTACT_PHONE", "")
# The language of content that belongs to no series (speakers' bios, organisations' texts);
# each series has its own (Series.content_language). Pages in another language mark it.
TINGET_CONTENT_LANGUAGE = os.environ.get("TINGET_CONTENT_LANGUAGE", "da")
# The address of the official statement in Digitaliseringsstyrelsen's WAS-Tool; empty means
# the standardised https://www.was.digst.dk/<domain of TINGET_BASE_URL, dots as dashes> (and no
# link while that host is this machine).
TINGET_WAS_URL = os.environ.get("TINGET_WAS_URL", "")
# Who runs this Tinget (named on the "About Tinget" page), with a link to them, and where its
# source code is published.
TINGET_OPERATOR_NAME = os.environ.get("TINGET_OPERATOR_NAME", "")
TINGET_OPERATOR_URL = os.environ.get("TINGET_OPERATOR_URL", "")
TINGET_SOURCE_URL = os.environ.get("TINGET_SOURCE_URL", "")

# Sign-up (tinget.registrations). Unconfirmed sign-ups expire after this many hours and hold
# no seat meanwhile.
TINGET_CONFIRMATION_HOURS = int(os.environ.get("TINGET_CONFIRMATION_HOURS", "48"))
# A registrant's personal join link leads to the meeting from this many minutes before it
# starts; before that it says when it opens.
TINGET_JOIN_OPENS_MINUTES = int(os.environ.get("TINGET_JOIN_OPENS_MINUTES", "30"))
# Registrations are anonymised this many days after their series' last session.
TINGET_RETENTION_DAYS = int(os.environ.get("TINGET_RETENTION_DAYS", "730"))
# Sent and failed emails hold personal data; the outbox forgets them after this many days.
TINGET_OUTBOX_RETENTION_DAYS = int(os.environ.get("TINGET_OUTBOX_RETENTION_DAYS", "90"))
# SMTP connections one send task opens at most, each kept open for its share of the batch.
TINGET_SMTP_CONNECTIONS = int(os.environ.get("TINGET_SMTP_CONNECTIONS", "4"))
# Sign-up rate limits as "count/seconds", per client address and per email address. The
# counters live in the cache: set CACHE_URL to Redis when several app processes serve.
TINGET_SIGNUP_RATELIMIT = env_bool("TINGET_SIGNUP_RATELIMIT", True)
TINGET_SIGNUP_LIMIT_PER_IP = os.environ.get("TINGET_SIGNUP_LIMIT_PER_IP", "60/600")
TINGET_SIGNUP_LIMIT_PER_EMAIL = os.environ.get("TINGET_SIGNUP_LIMIT_PER_EMAIL", "5/3600")
# Requests per API token: "600/60" is 600 requests a minute; over it the API answers 429.
TINGET_API_TOKEN_RATE = os.environ.get("TINGET_API_TOKEN_RATE", "600/60")
# How long partners' sites and caches may keep a public API answer before asking again.
TINGET_API_CACHE_SECONDS = int(os.environ.get("TINGET_API_CACHE_SECONDS", "60"))
# Integrations (tinget.integrations). Webhook secrets and Entra credentials are stored
# encrypted with a key derived from this (empty: from SECRET_KEY).
TINGET_ENCRYPTION_KEY = os.environ.get("TINGET_ENCRYPTION_KEY", "")
# Delivered and failed webhook messages hold personal data; they are deleted after this.
TINGET_WEBHOOK_RETENTION_DAYS = int(os.environ.get("TINGET_WEBHOOK_RETENTION_DAYS", "30"))
# The demo's inbox page (/demo/indbakke/: what the local mail catcher received). scripts/demo.sh
# turns it on; it stays off in production whatever the variable says.
TINGET_DEMO_INBOX = env_bool("TINGET_DEMO_INBOX") and not _is_production()

# Webhook endpoints must use https unless this is on (development, tests on loopback).
TINGET_WEBHOOK_ALLOW_HTTP = env_bool("TINGET_WEBHOOK_ALLOW_HTTP", DEBUG)
# Microsoft Entra and Graph; changed only to point tests at a fake server.
TINGET_ENTRA_AUTHORITY_HOST = os.environ.get(
    "TINGET_ENTRA_AUTHORITY_HOST", "https://login.microsoftonline.com"
).rstrip("/")
TINGET_GRAPH_URL = os.environ.get("TINGET_GRAPH_URL", "https://graph.microsoft.com/v1.0").rstrip(
    "/"
)
# A CA bundle (PEM file) to trust for Entra and Graph instead of the system's: a private CA
# or a TLS-inspecting proxy. Empty: the system's.
TINGET_GRAPH_CA_BUNDLE = os.environ.get("TINGET_GRAPH_CA_BUNDLE", "")
# Reverse proxies in front of the app that append to X-Forwarded-For (0: use REMOTE_ADDR).
TINGET_TRUSTED_PROXIES = int(os.environ.get("TINGET_TRUSTED_PROXIES", "0"))

INSTALLED_APPS = [
    "tinget.admin_site.OperatorAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "tinget.accounts",
    "tinget.programme",
    "tinget.registrations",
    "tinget.mailings",
    "tinget.announcements",
    "tinget.backoffice",
    "tinget.api",
    "ninja",
    "tinget.integrations",
    "tinget.periodic",
]

MIDDLEWARE = [
    # First: anonymous GETs of public pages are answered from stored bytes (tinget/pagecache.py).
    "tinget.pagecache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "tinget.api.problems.ProblemMiddleware",
    # Before anything reads the body: NUL bytes, oversized or unreadable bodies get 4xx.
    "tinget.http.RequestGuardMiddleware",
    "tinget.http.SecurityHeadersMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "tinget.accounts.middleware.SessionLimitsMiddleware",
    "tinget.accounts.middleware.RequireTwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "tinget.urls"
WSGI_APPLICATION = "tinget.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tinget.programme.context_processors.site",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'tinget.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE takes the write lock when a transaction begins, so two confirmations cannot
    # both read "one seat left"; WAL lets readers go on while one writer works. Connections
    # persist (CONN_MAX_AGE) as on PostgreSQL: opening one costs ~2 ms per request.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"].setdefault("TEST", {})["NAME"] = str(DATA_DIR / "test.sqlite3")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

_cache_url = os.environ.get("CACHE_URL", "locmem://")
if _cache_url.startswith(("redis://", "rediss://")):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _cache_url,
            "KEY_PREFIX": "tinget",
        }
    }
elif _cache_url.startswith("dummy://"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "tinget",
        }
    }

# Whole public pages for anonymous visitors (tinget/pagecache.py): on, kept at most this many
# seconds (content changes end an entry at once), and held this long by a proxy or CDN in front.
TINGET_PAGE_CACHE = env_bool("TINGET_PAGE_CACHE", True)
TINGET_PAGE_CACHE_SECONDS = int(os.environ.get("TINGET_PAGE_CACHE_SECONDS", "600"))
TINGET_PAGE_CACHE_SHARED_SECONDS = int(os.environ.get("TINGET_PAGE_CACHE_SHARED_SECONDS", "30"))

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Organiser accounts (django-allauth with its mfa app; tinget.accounts). Logins are limited
# per client address and per account name ("count/period", allauth's syntax: after the
# per-account limit even the right password is refused until the period has passed).
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "backoffice:home"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
ACCOUNT_ADAPTER = "tinget.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_FORMS = {"login": "tinget.accounts.forms.LoginForm"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
# A reset request for an unknown address sends nothing (and answers as for a known one).
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Tinget: "
ACCOUNT_RATE_LIMITS = {
    "login_failed": ",".join(
        [
            os.environ.get("TINGET_LOGIN_LIMIT_PER_IP", "20/10m") + "/ip",
            os.environ.get("TINGET_LOGIN_LIMIT_PER_ACCOUNT", "5/15m") + "/key",
        ]
    ),
}
ALLAUTH_TRUSTED_PROXY_COUNT = TINGET_TRUSTED_PROXIES
# Second factors: an authenticator app (TOTP), passkeys and security keys (WebAuthn), and
# recovery codes. A passkey also logs in without the password ("Log ind med en
# adgangsnøgle") unless TINGET_PASSKEY_LOGIN is off. WebAuthn needs a secure context:
# https, or http://localhost (not an IP address such as 127.0.0.1).
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_PASSKEY_LOGIN_ENABLED = env_bool("TINGET_PASSKEY_LOGIN", True)
MFA_ADAPTER = "tinget.accounts.adapter.MFAAdapter"
MFA_FORMS = {
    "add_webauthn": "tinget.accounts.forms.AddPasskeyForm",
    "authenticate_webauthn": "tinget.accounts.forms.AuthenticatePasskeyForm",
    "login_webauthn": "tinget.accounts.forms.LoginPasskeyForm",
    "reauthenticate_webauthn": "tinget.accounts.forms.ReauthenticatePasskeyForm",
}
MFA_TOTP_ISSUER = "Tinget"
# Two-factor authentication is required of superusers and non-organiser staff, and of
# organisers when TINGET_MFA_REQUIRED_FOR_ORGANISERS is on; anyone may turn it on.
TINGET_MFA_REQUIRED_FOR_STAFF = env_bool("TINGET_MFA_REQUIRED_FOR_STAFF", True)
TINGET_MFA_REQUIRED_FOR_ORGANISERS = env_bool("TINGET_MFA_REQUIRED_FOR_ORGANISERS", False)
# An invitation to an organisation's team works once, for this many days.
TINGET_INVITATION_DAYS = int(os.environ.get("TINGET_INVITATION_DAYS", "7"))
# A login lasts at most this long, and ends sooner after this long without a request.
TINGET_SESSION_MAX_HOURS = int(os.environ.get("TINGET_SESSION_MAX_HOURS", "12"))
TINGET_SESSION_IDLE_MINUTES = int(os.environ.get("TINGET_SESSION_IDLE_MINUTES", "60"))
SESSION_COOKIE_AGE = TINGET_SESSION_MAX_HOURS * 3600
# How many web processes serve (granian reads the same variable); with more than one the
# cache must be shared (a system check warns otherwise).
TINGET_WEB_PROCESSES = int(os.environ.get("GRANIAN_WORKERS", "1"))

LANGUAGE_CODE = "da"
LANGUAGES = [("da", "Dansk"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
# tinget/static is the project's own (not an app's) static folder: list it, or
# collectstatic and the finders leave out tinget.css and tinget.js.
STATICFILES_DIRS = [
    PACKAGE_DIR / "static",
    ("dkfds", BASE_DIR / "node_modules" / "dkfds" / "dist"),
]
# A separate, cookie-less origin for uploads in production (README: "Running it in production").
MEDIA_URL = os.environ.get("TINGET_MEDIA_URL", "/media/")
MEDIA_ROOT = DATA_DIR / "uploads"
# Uploaded materials are served by the app unless a front web server does it.
TINGET_SERVE_MEDIA = env_bool("TINGET_SERVE_MEDIA", True)
# The largest material an organiser may upload (bytes); only the allowlisted kinds of
# tinget.programme.uploads pass.
TINGET_UPLOAD_MAX_BYTES = int(os.environ.get("TINGET_UPLOAD_MAX_BYTES", str(50 * 1024 * 1024)))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": os.environ.get(
            "STATICFILES_STORAGE", "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# SMTP comes from the environment variables named like Django's old EMAIL_* settings, and
# is handed to Django 6.1's MAILERS (the EMAIL_* settings themselves are deprecated).
MAILERS = {
    "default": {
        "BACKEND": os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"),
        "OPTIONS": {
            "host": os.environ.get("EMAIL_HOST", "localhost"),
            "port": int(os.environ.get("EMAIL_PORT", "25")),
            "username": os.environ.get("EMAIL_HOST_USER", ""),
            "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS", False),
            "use_ssl": env_bool("EMAIL_USE_SSL", False),
            "timeout": int(os.environ.get("EMAIL_TIMEOUT", "10")),
        },
    }
}
if MAILERS["default"]["BACKEND"] != "django.core.mail.backends.smtp.EmailBackend":
    # Other backends (file, console, locmem) take no SMTP options.
    MAILERS["default"]["OPTIONS"] = {}
    if file_path := os.environ.get("EMAIL_FILE_PATH"):
        MAILERS["default"]["OPTIONS"]["file_path"] = file_path
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Tinget <noreply@tinget.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Public forms take small bodies; the back office up to an upload (tinget.http).
TINGET_MAX_BODY_BYTES = int(os.environ.get("TINGET_MAX_BODY_BYTES", str(1024 * 1024)))
DATA_UPLOAD_MAX_NUMBER_FILES = 20
CSRF_FAILURE_VIEW = "tinget.http.csrf_failure"

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if TINGET_BASE_URL.startswith("https://"):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = int(os.environ.get("TINGET_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("TINGET_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("TINGET_HSTS_PRELOAD", False)
    MFA_TRUST_COOKIE_SECURE = True
if not env_bool("TINGET_HSTS_PRELOAD", False):
    # Asking browsers to preload HSTS for the whole domain is the operator's decision
    # (TINGET_HSTS_PRELOAD); without it, check --deploy's reminder is silenced.
    SILENCED_SYSTEM_CHECKS = ["security.W021"]

# No inline scripts or styles anywhere: the policy allows only our own files.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.request": {"level": "ERROR"}},
}
