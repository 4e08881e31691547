"""Settings for Gương Sáng, read from the environment.

Development is the default (SQLite in ``var/``, console e-mail). ``DJANGO_ENV=production``
switches on the hardened mode that ``manage.py check --deploy`` accepts; it refuses to start
without a real ``SECRET_KEY``, ``ALLOWED_HOSTS``, ``FIELD_ENCRYPTION_KEYS`` and ``FIELD_LOOKUP_KEYS``.
"""

import json
import os
import sys
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("GUONGSANG_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


ENV = os.environ.get("DJANGO_ENV", "development")
PRODUCTION = ENV == "production"
TESTING = "pytest" in sys.modules or (len(sys.argv) > 1 and sys.argv[1] == "test")

DEBUG = env_bool("DJANGO_DEBUG", not PRODUCTION)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set when DJANGO_ENV=production.")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production-" + "x" * 20

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DJANGO_ENV=production.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Public base URL, used in e-mails and QR codes.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "guongsang.core.admin_site.GuongSangAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "rules.apps.AutodiscoverRulesConfig",
    "ninja",
    "treebeard",
    "simple_history",
    "django_htmx",
    "template_partials",
    "django_filters",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "guongsang.core",
    "guongsang.orgs",
    "guongsang.accounts",
    "guongsang.targets",
    "guongsang.nominees",
    "guongsang.movements",
    "guongsang.awards",
    "guongsang.nominations",
    "guongsang.discovery",
    "guongsang.councils",
    "guongsang.stories",
    "guongsang.portal",
    "guongsang.books",
    "guongsang.contest",
    # Above every app: builds the demo through their services.
    "guongsang.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "guongsang.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "guongsang.core.middleware.ApiMethodNotAllowedMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Before anything reads a request body (CsrfViewMiddleware's view check is the first).
    "guongsang.core.middleware.RequestBodyLimitMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "guongsang.accounts.middleware.CurrentUnitMiddleware",
    # Axes last, as its documentation asks, so it sees the final response of a login attempt.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "guongsang.urls"
WSGI_APPLICATION = "guongsang.wsgi.application"
ASGI_APPLICATION = "guongsang.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "guongsang" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "guongsang.core.context_processors.site",
                "guongsang.accounts.context_processors.memberships",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'guongsang.sqlite3'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while the task worker writes; IMMEDIATE avoids
    # "database is locked" upgrades inside write transactions. Connections persist as on
    # PostgreSQL, so that a request does not open the file and run these pragmas again.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Auth -----------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours: a locked account may try again after 15 minutes
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Keeps the API's JSON error on lockout; other pages get the template above.
AXES_LOCKOUT_CALLABLE = "guongsang.accounts.lockout.lockout_response"
AXES_VERBOSE = False

# --- Language, time, formats ----------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "guongsang" / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["guongsang.formats"]

# --- Static and media -----------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "guongsang" / "static"]
# In development WhiteNoise serves straight from the source folders, so edits show at once.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
# Public files only (story photos and their sizes), served under MEDIA_URL. Everything else
# goes to the private storage below, outside MEDIA_ROOT, read only through views that check
# permission (see guongsang/core/files.py).
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", VAR_DIR / "private"))
# "django" streams private files from the worker; "x-accel" (nginx) or "x-sendfile" (Apache)
# lets the proxy send them from an internal location (see the configuration table in README.md).
PRIVATE_FILES_SERVE = os.environ.get("PRIVATE_FILES_SERVE", "django")
PRIVATE_FILES_ACCEL_PREFIX = os.environ.get("PRIVATE_FILES_ACCEL_PREFIX", "/_private/")


def _storage(kind: str, backend: str) -> dict:
    """A storage from STORAGE_<KIND>_BACKEND / STORAGE_<KIND>_OPTIONS (JSON), e.g. S3 through
    django-storages in production; local disk by default."""
    config = {"BACKEND": os.environ.get(f"STORAGE_{kind}_BACKEND", backend)}
    if options := os.environ.get(f"STORAGE_{kind}_OPTIONS"):
        config["OPTIONS"] = json.loads(options)
    return config


STORAGES = {
    "default": _storage("PUBLIC", "django.core.files.storage.FileSystemStorage"),
    "private": _storage("PRIVATE", "guongsang.core.files.PrivateFileSystemStorage"),
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG or TESTING
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- Request bodies -------------------------------------------------------------------------
# The largest body each route accepts, refused from Content-Length before it is read (see
# core/middleware.py). Keys are URL names, or "namespace:" for a whole namespace; every other
# route gets the default. An upload route allows its files plus 1 MB for the form's other fields
# and the multipart framing. The proxy in front mirrors these (docs/deployment.md).
MB = 1024 * 1024
REQUEST_BODY_DEFAULT_LIMIT = int(os.environ.get("REQUEST_BODY_DEFAULT_LIMIT", str(2 * MB)))
REQUEST_BODY_LIMITS = {
    # Dossier evidence: one file of up to 20 MB. Django names the API path after its first
    # operation (the GET list); the POST upload shares it.
    "api-1.0.0:list_evidence": 21 * MB,
    "nominations:add_evidence": 21 * MB,
    "movements:attachment_add": 21 * MB,
    "nominations:excel_import": 16 * MB,  # an XLSX of up to 15 MB
    "nominees:import": 11 * MB,  # an XLSX of up to 10 MB
    "nominees:create": 6 * MB,  # a portrait of up to 5 MB
    "nominees:edit": 6 * MB,
    "stories:add_photo": 6 * MB,
    "books:cover": 6 * MB,
    # Citizens' tips: up to 5 files of up to 10 MB each.
    "discovery:public_form": 51 * MB,
    # Contest entries: a DOCX of up to 5 MB and up to 5 photos of up to 5 MB each.
    "contest:submit": 31 * MB,
    "admin:": 21 * MB,
}
# Form fields other than files (and a JSON or url-encoded body) held in memory; beyond it, 400.
DATA_UPLOAD_MAX_MEMORY_SIZE = REQUEST_BODY_DEFAULT_LIMIT
# Uploaded files larger than this go to a temporary file on disk, not the worker's memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 1 * MB

# --- Background work ------------------------------------------------------------------------
# A queued or running job with no sign of life (progress) for this long is marked failed: its
# worker was killed or restarted (see core.services.fail_stale_jobs, manage.py cleanup_jobs).
JOB_STALE_MINUTES = int(os.environ.get("JOB_STALE_MINUTES", "30"))
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "TASKS_BACKEND",
            "django_tasks.backends.immediate.ImmediateBackend"
            if TESTING
            else "django_tasks_db.DatabaseBackend",
        )
    }
}

# --- E-mail ---------------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Gương Sáng <no-reply@guongsang.local>")

# --- Cache ----------------------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

# --- Security -------------------------------------------------------------------------------
# Strict from the start: no inline scripts or styles anywhere, nothing from another origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [SELF],
        "form-action": [SELF],
    }
}
SESSION_COOKIE_HTTPONLY = True
# DENY, as `check --deploy` asks; the one page meant to be framed (a unit's embeddable column)
# is exempt in its view.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# --- Logging --------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# --- Personal data ----------------------------------------------------------------------------
# Keys for CCCD numbers, phone numbers and e-mail addresses at rest, kept apart from SECRET_KEY
# (see core/crypto.py and docs/encryption-keys.md): Fernet keys that encrypt, and the keys of the
# blind indexes that find the same CCCD. Newest first in both, so a rotation reads old rows.
# Required in production; development uses fixed dev-only keys.
FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEYS")
FIELD_LOOKUP_KEYS = env_list("FIELD_LOOKUP_KEYS")


def _check_field_keys() -> None:
    from guongsang.core.crypto import check_keys

    check_keys(FIELD_ENCRYPTION_KEYS, FIELD_LOOKUP_KEYS, production=PRODUCTION)


_check_field_keys()

# --- API ------------------------------------------------------------------------------------
NINJA_PAGINATION_PER_PAGE = 50
NINJA_PAGINATION_MAX_PER_PAGE_SIZE = 500
API_TOKEN_TTL_DAYS = int(os.environ.get("API_TOKEN_TTL_DAYS", "30"))
# The user behind a bearer token (core's API auth reads it here: tokens belong to accounts, above core).
API_TOKEN_AUTHENTICATOR = "guongsang.accounts.services.user_for_token"

# Citizens' reports of good deeds accepted per client address per hour (the public form and API).
GOOD_DEED_REPORTS_PER_HOUR = int(os.environ.get("GOOD_DEED_REPORTS_PER_HOUR", "5"))
