"""Settings for Utblick, read from the environment.

Every value a deployment may change is an environment variable documented in
README.md; defaults give a working development server on SQLite. Production
overrides live in ``production.py``, test overrides in ``test.py``.
"""

import datetime
import ipaddress
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from config.sso import providers_from_environment

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("UTBLICK_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "development-only-secret-key-do-not-use-in-production-0123456789")
DEBUG = env_bool("DJANGO_DEBUG", True)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Django's admin, signed in to only through django-allauth below (two-factor codes, sign-in limits).
    "config.apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.socialaccount.providers.saml",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    "django_htmx",
    "django_filters",
    "django_tables2",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI as the app's own static files (no CDN)
    # Utblick, in the order imports may point: a later app may import an earlier one.
    "utblick.core",
    "utblick.organisations",
    "utblick.strategies",
    "utblick.engagements",
    "utblick.watch",
    "utblick.network",
    "utblick.followup",
    "utblick.privacy",
    "utblick.api",
    # After utblick.core, whose db_worker (django-tasks-db's, with a heartbeat: core.jobs) takes the name.
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "utblick.core.middleware.NulCharacterMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "utblick.core.middleware.NotFoundPageMiddleware",
]
# A form sent without its security token gets the site's own page, in the reader's language.
CSRF_FAILURE_VIEW = "utblick.core.views.csrf_failure"

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "utblick" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "utblick.organisations.context_processors.organisations",
            ],
            "builtins": ["django.templatetags.i18n", "utblick.core.templatetags.numbers"],
        },
    },
]

FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'utblick.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
        # A kept connection is tested before a request uses it, so the first request after the
        # database restarted gets a new connection instead of an error.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the task worker and the web server use the file at the same time.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
    )
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Covering indexes (INCLUDE) serve PostgreSQL's index-only scans; SQLite keeps their key columns, which is enough.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "account_login"

# Sign-in (django-allauth): e-mail and password, TOTP and recovery codes, single sign-on.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_ADAPTER = "utblick.core.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "utblick.core.adapters.SocialAccountAdapter"
# Accounts are given by an administrator; nobody signs themselves up.
UTBLICK_OPEN_SIGNUP = env_bool("UTBLICK_OPEN_SIGNUP", False)
ACCOUNT_RATE_LIMITS = {
    # Failed sign-ins per IP and per account; a cool-off follows.
    "login_failed": os.environ.get("UTBLICK_LOGIN_FAILED_LIMIT", "10/m/ip,5/5m/key"),
    "reset_password": "5/m/ip,3/5m/key",
}
# Behind a reverse proxy every request comes from the proxy's address; sign-in throttling must count the
# real client's. Either the number of proxies that append to X-Forwarded-For (1 for one nginx), or the
# header one trusted proxy sets to the client's address (e.g. X-Real-IP). Never set them without a proxy
# that overwrites the header: a client could otherwise choose its own address.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("UTBLICK_TRUSTED_PROXY_COUNT", "0"))
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = os.environ.get("UTBLICK_TRUSTED_CLIENT_IP_HEADER") or None
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Utblick"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_PROVIDERS = providers_from_environment(os.environ)

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "utblick" / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "utblick" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Largest uploaded file, in bytes.
UTBLICK_MAX_UPLOAD_BYTES = int(os.environ.get("UTBLICK_MAX_UPLOAD_BYTES", 20 * 1024 * 1024))
# A report of more engagements than this is never written inside a web request: the download starts a
# background build (progress page, then the file), which is reused until the report's data changes.
UTBLICK_REPORT_INLINE_LIMIT = int(os.environ.get("UTBLICK_REPORT_INLINE_LIMIT", 1000))
# Archive packages of retention runs (personal data): apart from uploads, never served as media.
UTBLICK_ARCHIVE_DIR = Path(os.environ.get("UTBLICK_ARCHIVE_DIR", VAR_DIR / "archive"))
# An uploaded XLSX or DOCX is refused before it is unpacked when its parts would unpack to more
# than this many bytes, or one part is packed more tightly than this ratio (core/archives.py).
UTBLICK_UNZIPPED_MAX_BYTES = int(os.environ.get("UTBLICK_UNZIPPED_MAX_BYTES", 100 * 1024 * 1024))
UTBLICK_ZIP_MAX_RATIO = int(os.environ.get("UTBLICK_ZIP_MAX_RATIO", "100"))
# Feeds of the scanning desk: seconds to wait for each answer, seconds a whole fetch may take,
# largest feed read.
UTBLICK_WATCH_FETCH_TIMEOUT = float(os.environ.get("UTBLICK_WATCH_FETCH_TIMEOUT", "20"))
UTBLICK_WATCH_FETCH_DEADLINE = float(os.environ.get("UTBLICK_WATCH_FETCH_DEADLINE", "60"))
UTBLICK_WATCH_FEED_MAX_BYTES = int(os.environ.get("UTBLICK_WATCH_FEED_MAX_BYTES", 5 * 1024 * 1024))
# Addresses the app fetches for its users (feeds) never lead to loopback, private, link-local,
# multicast or reserved networks, except to the networks named here (CIDRs, comma-separated), for
# instance a municipality's intranet feed: "10.20.0.0/16,192.168.5.10/32".
UTBLICK_FETCH_ALLOWED_NETWORKS = [
    str(ipaddress.ip_network(network, strict=False)) for network in env_list("UTBLICK_FETCH_ALLOWED_NETWORKS")
]
# The partner network's harvest of peer installations' feeds: largest feed read, most engagements taken.
UTBLICK_NETWORK_FEED_MAX_BYTES = int(os.environ.get("UTBLICK_NETWORK_FEED_MAX_BYTES", 20 * 1024 * 1024))
UTBLICK_NETWORK_FEED_MAX_RECORDS = int(os.environ.get("UTBLICK_NETWORK_FEED_MAX_RECORDS", "50000"))


def mailers_from_environment(default_backend: str) -> dict[str, dict]:
    backend = os.environ.get("DJANGO_EMAIL_BACKEND", default_backend)
    options: dict[str, object] = {}
    if backend.endswith("smtp.EmailBackend"):
        options = {
            "host": os.environ.get("DJANGO_EMAIL_HOST", "localhost"),
            "port": int(os.environ.get("DJANGO_EMAIL_PORT", "25")),
            "username": os.environ.get("DJANGO_EMAIL_HOST_USER", ""),
            "password": os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("DJANGO_EMAIL_USE_TLS", False),
        }
    return {"default": {"BACKEND": backend, "OPTIONS": options}}


# E-mail goes to the console in development; production sends through SMTP.
MAILERS = mailers_from_environment("django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "Utblick <utblick@localhost>")

TASKS = {
    "default": {
        "BACKEND": os.environ.get("UTBLICK_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}
# Each task worker writes a heartbeat this often; a worker silent for LOST_AFTER (or, seen from the same
# machine, whose process is gone) is lost, and the jobs it ran are marked failed (core.jobs).
UTBLICK_WORKER_HEARTBEAT_SECONDS = float(os.environ.get("UTBLICK_WORKER_HEARTBEAT_SECONDS", "10"))
UTBLICK_WORKER_LOST_AFTER_SECONDS = float(os.environ.get("UTBLICK_WORKER_LOST_AFTER_SECONDS", "120"))

# Content Security Policy: only our own origin, no inline script or style.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

DJANGO_TABLES2_TEMPLATE = "core/table.html"

# The REST API (docs/api.md): personal tokens or the session, JSON, the apps' FilterSets, rate limits.
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "utblick.api.schema.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "utblick.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": ["utblick.api.parsers.JSONParser"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "utblick.api.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_FILTER_BACKENDS": ["utblick.api.filters.FilterSetBackend", "utblick.api.filters.Ordering"],
    "DEFAULT_PAGINATION_CLASS": "utblick.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_CLASSES": ["utblick.api.throttling.ApiRateThrottle"],
    # The API's per-address rate counts the client behind the same proxies as the sign-in throttling.
    "NUM_PROXIES": ALLAUTH_TRUSTED_PROXY_COUNT or None,
    "EXCEPTION_HANDLER": "utblick.api.exceptions.exception_handler",
    "COERCE_DECIMAL_TO_STRING": False,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "UNICODE_JSON": True,
}
# Requests per token, per signed-in session and per address without credentials (DRF's rate syntax).
UTBLICK_API_RATES = {
    "token": os.environ.get("UTBLICK_API_RATE_TOKEN", "120/min"),
    "session": os.environ.get("UTBLICK_API_RATE_SESSION", "120/min"),
    "anonymous": os.environ.get("UTBLICK_API_RATE_ANONYMOUS", "30/min"),
}
# Largest API request body; larger ones answer 413 before they are parsed.
UTBLICK_API_MAX_BODY_BYTES = int(os.environ.get("UTBLICK_API_MAX_BODY_BYTES", 1024 * 1024))
# Largest request body Django reads (uploads excepted); never below the API's own limit, so the API
# answers every body up to that limit itself (and larger ones with its JSON 413).
DATA_UPLOAD_MAX_MEMORY_SIZE = max(5 * 1024 * 1024, UTBLICK_API_MAX_BODY_BYTES)
SPECTACULAR_SETTINGS = {
    "TITLE": "Utblick API",
    "VERSION": None,  # the version comes from the address (v1); spectacular would print "1 (1)"
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    # The description is translatable, so it lives in utblick/api/schema.py and is set per request.
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "utblick.api.schema.describe"],
}

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
# Reverting to an old version in the admin would write past the services (versions, rules, reasons).
SIMPLE_HISTORY_REVERT_DISABLED = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    # The document libraries narrate every step at INFO, and the development server's reloader says
    # which watcher it uses; only their warnings matter here.
    "loggers": {
        name: {"level": "WARNING"}
        for name in ("weasyprint", "fontTools", "matplotlib", "PIL", "django.utils.autoreload")
    },
}

# Organisation profile shown on the privacy page (the personal-data controller).
UTBLICK_OPERATOR_NAME = os.environ.get("UTBLICK_OPERATOR_NAME", "")
UTBLICK_OPERATOR_CONTACT = os.environ.get("UTBLICK_OPERATOR_CONTACT", "")


def env_date(name: str) -> datetime.date | None:
    value = os.environ.get(name, "").strip()
    try:
        return datetime.date.fromisoformat(value) if value else None
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} must be a date written YYYY-MM-DD, not {value!r}.") from error


# The accessibility statement (/tillganglighet/, Digg's model): the operator's own assessment.
# Without a review of its own the installation is "partially compliant": automated checks cover only
# part of WCAG 2.1 (docs/adr/0022-accessibility-statement-from-the-operators-assessment.md).
UTBLICK_ACCESSIBILITY_COMPLIANCE = os.environ.get("UTBLICK_ACCESSIBILITY_COMPLIANCE", "partial")
if UTBLICK_ACCESSIBILITY_COMPLIANCE not in {"full", "partial", "not"}:
    raise ImproperlyConfigured("UTBLICK_ACCESSIBILITY_COMPLIANCE must be full, partial or not.")
UTBLICK_ACCESSIBILITY_STATEMENT_DATE = env_date("UTBLICK_ACCESSIBILITY_STATEMENT_DATE")
UTBLICK_ACCESSIBILITY_REVIEWED_DATE = env_date("UTBLICK_ACCESSIBILITY_REVIEWED_DATE")
