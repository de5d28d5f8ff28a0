# SPDX-FileCopyrightText: 2026 Stadtnetz contributors
# SPDX-License-Identifier: EUPL-1.2
"""All settings, read from the environment. Every variable is documented in .env.example."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PACKAGE_DIR = BASE_DIR / "stadtnetz"


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_choice(name: str, choices: tuple[str, ...], default: str) -> str:
    value = os.environ.get(name, default).strip() or default
    if value not in choices:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}, not {value!r}.")
    return value


def env_bytes(name: str, default: int) -> int:
    """A size in bytes; "20M", "512K" and plain numbers are accepted."""
    raw = os.environ.get(name, "").strip().upper()
    if not raw:
        return default
    factor = {"K": 1024, "M": 1024**2, "G": 1024**3}.get(raw[-1], 1)
    number = raw[:-1] if raw[-1] in "KMG" else raw
    if not number.isdigit() or int(number) * factor < 1:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"{name} must be a size such as 20M or 512K, not {raw!r}.")
    return int(number) * factor


def env_json_hosts(name: str) -> dict[str, dict[str, str]]:
    """``{"host": {"kind": "github"|"gitlab", "api": "https://…"}}`` from JSON, checked."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return {}
    import json

    try:
        hosts = json.loads(raw)
    except ValueError:
        hosts = None
    valid = isinstance(hosts, dict) and all(
        isinstance(host, str) and isinstance(value, dict)
        and value.get("kind") in ("github", "gitlab") and isinstance(value.get("api"), str)
        for host, value in hosts.items()
    )  # fmt: skip
    if not valid:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            f'{name} must be JSON such as {{"git.example.org": {{"kind": "gitlab", '
            f'"api": "https://git.example.org/api/v4"}}}}.'
        )
    return {host.lower(): value for host, value in hosts.items()}


DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY and os.environ.get("DJANGO_SECRET_KEY_FILE"):
    # `make run` generates one into var/secret-key on the first start (never committed).
    SECRET_KEY = Path(os.environ["DJANGO_SECRET_KEY_FILE"]).read_text(encoding="utf-8").strip()
if not SECRET_KEY:
    if not DEBUG and not env_bool("STADTNETZ_ALLOW_INSECURE_KEY"):
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it (see .env.example) or run with DJANGO_DEBUG=1."
        )
    SECRET_KEY = "insecure-development-key-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
OPERATOR_NAME = os.environ.get("STADTNETZ_OPERATOR_NAME", "")
OPERATOR_ADDRESS = os.environ.get("STADTNETZ_OPERATOR_ADDRESS", "")
OPERATOR_EMAIL = os.environ.get("STADTNETZ_OPERATOR_EMAIL", "")


def served_site_url() -> str:
    """The address links in mails, calendars and exports point to when STADTNETZ_SITE_URL is not
    set: the host and port the server was started with (HOST and PORT, as `make run` uses)."""
    host = os.environ.get("HOST", "").strip() or "127.0.0.1"
    if host in {"0.0.0.0", "::", "[::]"}:  # noqa: S104 - listening everywhere: link the local host
        host = "127.0.0.1"
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    port = os.environ.get("PORT", "").strip() or "8000"
    return f"http://{host}:{port}"


SITE_URL = (os.environ.get("STADTNETZ_SITE_URL", "").strip() or served_site_url()).rstrip("/")
# The GovData contributor ID of the open-data catalogue (http://dcat-ap.de/def/contributors/…);
# empty: core.opendata.DEFAULT_CONTRIBUTOR (decision 0062)
STADTNETZ_DCAT_CONTRIBUTOR = os.environ.get("STADTNETZ_DCAT_CONTRIBUTOR", "").strip() or None

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "ninja",
    "stadtnetz.core",
    "stadtnetz.municipalities",
    "stadtnetz.users",
    "stadtnetz.organisations",
    "stadtnetz.programmes",
    "stadtnetz.submissions",
    "stadtnetz.solutions",
    "stadtnetz.projects",
    "stadtnetz.assessments",
    "stadtnetz.search",
    "stadtnetz.reviews",
    "stadtnetz.dashboard",
    "stadtnetz.grants",
    "stadtnetz.pages",
    "stadtnetz.notifications",
]

MIDDLEWARE = [
    "stadtnetz.core.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "stadtnetz.core.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "stadtnetz.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "stadtnetz.users.middleware.StaffIdleTimeoutMiddleware",
    "stadtnetz.core.middleware.ApiHeadMiddleware",
    "stadtnetz.core.limits.RequestLimitsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "stadtnetz.core.middleware.HtmxMessagesMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "stadtnetz.core.context_processors.platform",
                "stadtnetz.notifications.context_processors.unread",
            ],
            "builtins": ["template_partials.templatetags.partials"],
        },
    }
]

DATA_DIR = Path(os.environ.get("STADTNETZ_DATA_DIR", BASE_DIR / "var"))
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'stadtnetz.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "users.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "stadtnetz.users.backends.AddressWideLimitBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},  # OWASP ASVS 5.0, V6.2.1
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "users:login"
LOGIN_REDIRECT_URL = "dashboard:home"
LOGOUT_REDIRECT_URL = "core:home"
EMAIL_VERIFICATION_MAX_AGE = int(os.environ.get("STADTNETZ_EMAIL_VERIFICATION_DAYS", "3")) * 86400
INVITATION_VALID_DAYS = int(os.environ.get("STADTNETZ_INVITATION_VALID_DAYS", "14"))
# Staff and programme office are signed out after this many idle minutes (0: never).
STADTNETZ_STAFF_IDLE_MINUTES = int(os.environ.get("STADTNETZ_STAFF_IDLE_MINUTES", "30"))

# Login brute force protection (django-axes): lock a username+IP pair after 5 failures.
AXES_FAILURE_LIMIT = int(os.environ.get("STADTNETZ_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("STADTNETZ_LOGIN_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Password spraying: failures over all usernames from one address (users/backends.py).
AXES_IP_FAILURE_LIMIT = int(os.environ.get("STADTNETZ_LOGIN_ADDRESS_FAILURE_LIMIT", "30"))
AXES_LOCKOUT_TEMPLATE = "users/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("STADTNETZ_PROXY_COUNT", "0")) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["REMOTE_ADDR"]
    if not AXES_IPWARE_PROXY_COUNT
    else [
        "HTTP_X_FORWARDED_FOR",
        "REMOTE_ADDR",
    ]
)

LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "stadtnetz_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "Stadtnetz <noreply@localhost>")

TASKS = {
    "default": {
        "BACKEND": os.environ.get("STADTNETZ_TASKS_BACKEND", "django_tasks_db.DatabaseBackend")
    }
}

# Applications: largest attachment, and where the application PDF is rendered (docs/submissions.md):
# "task" (default) gives the receipt at once and renders the PDF in the worker (bench/README.md).
STADTNETZ_ATTACHMENT_MAX_BYTES = env_bytes("STADTNETZ_ATTACHMENT_MAX_BYTES", 20 * 1024**2)
# Upload quotas (count and total bytes) per application and per maturity assessment.
STADTNETZ_ATTACHMENTS_PER_APPLICATION = int(
    os.environ.get("STADTNETZ_ATTACHMENTS_PER_APPLICATION", "50")
)
STADTNETZ_ATTACHMENT_BYTES_PER_APPLICATION = env_bytes(
    "STADTNETZ_ATTACHMENT_BYTES_PER_APPLICATION", 200 * 1024**2
)
STADTNETZ_EVIDENCE_PER_ASSESSMENT = int(os.environ.get("STADTNETZ_EVIDENCE_PER_ASSESSMENT", "100"))
STADTNETZ_EVIDENCE_BYTES_PER_ASSESSMENT = env_bytes(
    "STADTNETZ_EVIDENCE_BYTES_PER_ASSESSMENT", 200 * 1024**2
)
STADTNETZ_SUBMISSION_PDF = env_choice("STADTNETZ_SUBMISSION_PDF", ("task", "inline"), "task")
# Solution catalog crawler: local folders it may read repositories from, and code hosts beyond
# github.com, gitlab.com and gitlab.opencode.de whose groups it may list (docs/solutions.md).
SOLUTIONS_CRAWL_LOCAL_ROOTS = env_list("STADTNETZ_CRAWL_LOCAL_ROOTS")
SOLUTIONS_CODE_HOSTS = env_json_hosts("STADTNETZ_CODE_HOSTS")

# Security: secure cookies and HSTS whenever not debugging.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = not DEBUG and not env_bool("STADTNETZ_INSECURE_COOKIES")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", False)
# HSTS for a year whenever not debugging; DJANGO_SECURE_HSTS_SECONDS=0 opts out (docs/operations.md).
SECURE_HSTS_SECONDS = int(
    os.environ.get("DJANGO_SECURE_HSTS_SECONDS", "0" if DEBUG else str(365 * 86400))
)
if env_bool("DJANGO_BEHIND_TLS_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "stadtnetz.core.middleware.RequestIdLogFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"}
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("STADTNETZ_LOG_LEVEL", "INFO")},
    "loggers": {"django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False}},
}

NINJA_PAGINATION_PER_PAGE = 50
API_TOKEN_MAX_PER_USER = 20
# Personal API tokens expire; the default lifetime and the longest one a person may choose.
API_TOKEN_DEFAULT_DAYS = int(os.environ.get("STADTNETZ_API_TOKEN_DAYS", "90"))
API_TOKEN_MAX_DAYS = int(os.environ.get("STADTNETZ_API_TOKEN_MAX_DAYS", "365"))

# Rate limits per client address: scope -> (hits, window in seconds); core/ratelimit.py and
# docs/operations.md. Counted in the cache; several server processes need a shared cache.
STADTNETZ_RATE_LIMITS = {
    "account": (int(os.environ.get("STADTNETZ_RATE_ACCOUNT", "10")), 3600),
    "validate": (int(os.environ.get("STADTNETZ_RATE_VALIDATE", "30")), 60),
    "verify": (int(os.environ.get("STADTNETZ_RATE_VERIFY", "10")), 60),
    "search": (int(os.environ.get("STADTNETZ_RATE_SEARCH", "60")), 60),
    "api_read": (int(os.environ.get("STADTNETZ_RATE_API_READ", "300")), 60),
}
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "stadtnetz_cache"}
        if env_bool("STADTNETZ_SHARED_CACHE")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
AXES_VERBOSE = False
