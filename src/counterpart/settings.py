"""Settings: small, plain, read from the environment (SQLite unless DATABASE_URL is set)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value else default


def env_or_file(name: str, path: Path) -> str:
    """A secret from the environment, else from a file only this installation has (made by `make run`)."""
    value = os.environ.get(name, "")
    if value:
        return value
    return path.read_text().strip() if path.is_file() else ""


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


VAR_DIR = Path(env_str("COUNTERPART_VAR_DIR", str(PROJECT_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
# Signs sessions, CSRF tokens, password resets and the intake drafts: the environment, else var/secret.key
# (made once per installation by `make migrate`). Only DEBUG falls back to a development key; without DEBUG a
# missing key stops the process here rather than run on a published default.
SECRET_KEY = env_or_file("SECRET_KEY", VAR_DIR / "secret.key")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            f"SECRET_KEY is not set: set the SECRET_KEY environment variable (a long random string, e.g. "
            f"`python -c 'import secrets; print(secrets.token_urlsafe(50))'`) or write it to "
            f"{VAR_DIR / 'secret.key'} (`make migrate` makes one), or set DEBUG=1 for development."
        )
    SECRET_KEY = "counterpart-development-key-not-for-production"  # noqa: S105 - DEBUG only
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "simple_history",
    "axes",
    "csp",
    "ninja",  # serves the API docs' scripts from our static files (no CDN, no inline script)
    # Before django_tasks_db: its `db_worker` command is core's (which first fails the jobs of dead workers).
    "counterpart.core",
    "django_tasks",
    "django_tasks_db",
    "counterpart.geo",
    "counterpart.orgs",
    "counterpart.pairings",
    "counterpart.meetings",
    "counterpart.agreements",
    "counterpart.plans",
    "counterpart.households",
    "counterpart.assistance",
    "counterpart.funds",
    "counterpart.intake",
    "counterpart.assessment",
    "counterpart.web",
    "counterpart.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files from the process itself, compressed and under hashed names (cached for a year); no
    # separate static server to configure (a reverse proxy may still cache them).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Refuses a body over its limit (413) or a NUL in the query string (400) before any view reads them.
    "counterpart.core.middleware.RequestLimitsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last: turns a login refused by the lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "counterpart.urls"
WSGI_APPLICATION = "counterpart.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'counterpart.sqlite3'}"),
        conn_max_age=env_int("CONN_MAX_AGE", 0),
    )
}
if env_str("DATABASE_TEST_NAME"):
    # Lets two test runs share one PostgreSQL server without dropping each other's test database.
    DATABASES["default"]["TEST"] = {"NAME": env_str("DATABASE_TEST_NAME")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The supervision aggregates are short queries over many rows; PostgreSQL's JIT spends ~2 s compiling
    # them (measured by bench/ledgers.py) and saves nothing.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server's workers and the task worker read while one writes; every transaction takes
    # the write lock when it begins (BEGIN IMMEDIATE), so a second writer waits up to `timeout` seconds for
    # it instead of failing with "database is locked" when a read transaction tries to become a write.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("PASSWORD_MIN_LENGTH", 12)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Failed logins (site, admin: every password that reaches django.contrib.auth.authenticate with its request)
# are recorded by django-axes (/admin/axes/); AXES_FAILURE_LIMIT failures of one user name from one address
# lock that pair out for AXES_COOLOFF_MINUTES, during which even the right password is refused (429, the
# lockout page). A success clears the count. The API takes no password (personal tokens or the session).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# One row per failed attempt (time, address, browser), besides the count.
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_CALLABLE = "counterpart.web.lockout.lockout_response"
# The address is REMOTE_ADDR, never a header a client can forge: behind a reverse proxy the lock falls on
# the user name (from the proxy's address), which is the safe side.

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [
    ("zh-hans", "简体中文"),
    ("zh-hant", "繁體中文"),
    ("en", "English"),
    ("ja", "日本語"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
# Served by WhiteNoise: `counterpart collectstatic` (run by `make run`) writes every file under a name with
# its hash, gzip- and Brotli-compressed beside it; pages link the hashed names. STATIC_MANIFEST=0 (the tests,
# DEBUG) serves the source files through the finders instead, without collectstatic.
STATIC_MANIFEST = env_bool("STATIC_MANIFEST", not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# Stored files (evidence, uploads, error reports, exports) are this user's only (`core.files`); no URL
# serves MEDIA_ROOT, and the web server must not either (docs/operations.md).
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Domain settings
# An agreement still being carried out with no progress report for this many days is flagged stalled.
AGREEMENT_STALL_DAYS = env_int("AGREEMENT_STALL_DAYS", 90)
# The seed reports' text, read by the demo loader (when present) so a record's source page shows its passage.
DEMO_SEEDS_DIR = env_str("DEMO_SEEDS_DIR", str(BASE_DIR.parents[2] / "shared" / "seeds"))
PAGE_SIZE = env_int("PAGE_SIZE", 25)
# "At risk": the reported share of the target trails the share of time elapsed by more than this.
PLANS_AT_RISK_GAP = float(env_str("PLANS_AT_RISK_GAP", "0.2"))
PLANS_EVIDENCE_MAX_BYTES = env_int("PLANS_EVIDENCE_MAX_BYTES", 10 * 1024 * 1024)
# The largest file an import reads (`core.tabular.Limits`; uploads are capped by UPLOAD_REQUEST_MAX_BYTES
# before that): a province's registry imported on the command line may need more than a county's 96 MB.
TABULAR_MAX_FILE_BYTES = env_int("TABULAR_MAX_FILE_BYTES", 96 << 20)
# Funds supervision (issue 16): money released (received or disbursed) and not spent with no movement for
# this many days is idle; the spending-rate plan is the share of the funds received (percent) to be spent
# by the end of each month of the project's year ("6:50,9:75,12:100": half by June, all by December).
FUNDS_IDLE_DAYS = env_int("FUNDS_IDLE_DAYS", 90)
FUNDS_SPENDING_PLAN = tuple(
    (int(month), int(rate))
    for month, rate in (part.split(":") for part in env_list("FUNDS_SPENDING_PLAN", "6:50,9:75,12:100"))
)
# The IATI export (funds.iati): the reporting organization's identifier as registered (for a Chinese unit,
# "CN-USC-" and its unified social credit code). Unset, the export names the helping region by its
# division code ("CN-DIV-210200"), which is fine for exchange but not for publishing on the IATI Registry.
IATI_REPORTING_ORG_REF = env_str("IATI_REPORTING_ORG_REF")

# The public notice's PDF (funds.notice): the first of these font files that exists writes its Chinese and
# Japanese (a .ttc collection: the face for the page's language, Noto Sans CJK SC / TC / JP). Debian's
# fonts-noto-cjk and fonts-wqy-microhei install the defaults; without any, the PDF download says so.
NOTICE_FONT_CANDIDATES = env_list(
    "NOTICE_FONT_CANDIDATES",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc,"
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc,"
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc,"
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
)

# Input limits (docs/architecture.md): a request body is at most REQUEST_BODY_MAX_BYTES, except the paths
# of REQUEST_BODY_LIMITS and file uploads (multipart, UPLOAD_REQUEST_MAX_BYTES: the largest file a form
# takes, a registry workbook, and the rest of its form); a larger one is answered 413 before it is read.
REQUEST_BODY_MAX_BYTES = env_int("REQUEST_BODY_MAX_BYTES", 2_621_440)
# The intake draft takes 2,000,000 characters of text: up to 12 MB as JSON (\uXXXX escapes), and its fields.
INTAKE_DRAFT_MAX_BYTES = env_int("INTAKE_DRAFT_MAX_BYTES", 13 * 1024 * 1024)
REQUEST_BODY_LIMITS = {"/api/intake/draft": INTAKE_DRAFT_MAX_BYTES}
UPLOAD_REQUEST_MAX_BYTES = env_int("UPLOAD_REQUEST_MAX_BYTES", 97 * 1024 * 1024)
# Django's own check on request.body: the largest of the non-file limits above.
DATA_UPLOAD_MAX_MEMORY_SIZE = max(REQUEST_BODY_MAX_BYTES, *REQUEST_BODY_LIMITS.values())
# AES-GCM/HMAC root key for resident ID numbers: the environment, else var/household_id.key (generated
# once by `make run`; back it up apart from the database). Without either, a development key is used only
# with DEBUG or under the tests.
HOUSEHOLD_ID_KEY = env_or_file("HOUSEHOLD_ID_KEY", VAR_DIR / "household_id.key")
# Further encryption keys by version ("2:secret, 3:newer"; HOUSEHOLD_ID_KEY is version 1): the newest
# encrypts, every listed one decrypts; `counterpart rotate-id-key` moves every number to the newest.
HOUSEHOLD_ID_KEYS = env_or_file("HOUSEHOLD_ID_KEYS", VAR_DIR / "household_id.keys")
# The key of the lookup hashes; by default HOUSEHOLD_ID_KEY. It does not change with a rotation.
HOUSEHOLD_ID_HASH_KEY = env_or_file("HOUSEHOLD_ID_HASH_KEY", VAR_DIR / "household_id_hash.key")
# Unmaskings and searches by ID number a user may make ("count/unit", unit s, m, h or d).
HOUSEHOLD_UNMASK_RATE = env_str("HOUSEHOLD_UNMASK_RATE", "10/m, 100/h")
# Monitoring flags income below this multiple of the year's poverty line.
HOUSEHOLD_MONITORING_MULTIPLE = env_str("HOUSEHOLD_MONITORING_MULTIPLE", "1.5")
HOUSEHOLD_IMPORT_DIR = env_str("HOUSEHOLD_IMPORT_DIR", "")  # default: MEDIA_ROOT/household_imports

# Transport: production-safe without DEBUG (HTTPS only, HSTS for a year, Secure cookies); each can be changed
# from the environment (docs/operations.md). Behind a proxy that terminates TLS, set
# SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO,https so that Django knows the request was HTTPS.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
_proxy_ssl_header = env_list("SECURE_PROXY_SSL_HEADER")
if _proxy_ssl_header:
    if len(_proxy_ssl_header) != 2:
        raise ImproperlyConfigured(
            "SECURE_PROXY_SSL_HEADER is a header and its value, e.g. HTTP_X_FORWARDED_PROTO,https"
        )
    SECURE_PROXY_SSL_HEADER = (_proxy_ssl_header[0], _proxy_ssl_header[1])
SECURE_CONTENT_TYPE_NOSNIFF = True

# Content-Security-Policy (django-csp) on every response that sets none of its own: scripts and styles from
# our static files only (an inline script needs the request's nonce), no plugins, no framing (the evidence
# view sets its own policy), forms posted to this site only. CSP_REPORT_ONLY=1 sends it as
# Content-Security-Policy-Report-Only (to try a change of the policy without breaking pages).
_csp = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
if env_bool("CSP_REPORT_ONLY", False):
    CONTENT_SECURITY_POLICY_REPORT_ONLY = _csp
else:
    CONTENT_SECURITY_POLICY = _csp

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

APP_TITLE = _("Counterpart")
