"""Settings: small, plain, read from the environment (SQLite unless DATABASE_URL is set)."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
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
# A development key is acceptable only with DEBUG or in tests; production must set SECRET_KEY.
SECRET_KEY = env_str("SECRET_KEY", "counterpart-development-key-not-for-production")
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
    "counterpart.intake",
    "counterpart.web",
    "counterpart.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
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
    # WAL lets the web server and the task worker read while the other writes.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", "timeout": 20}
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

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
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Domain settings
# An agreement still being carried out with no progress report for this many days is flagged stalled.
AGREEMENT_STALL_DAYS = env_int("AGREEMENT_STALL_DAYS", 90)
PAGE_SIZE = env_int("PAGE_SIZE", 25)
# "At risk": the reported share of the target trails the share of time elapsed by more than this.
PLANS_AT_RISK_GAP = float(env_str("PLANS_AT_RISK_GAP", "0.2"))
PLANS_EVIDENCE_MAX_BYTES = env_int("PLANS_EVIDENCE_MAX_BYTES", 10 * 1024 * 1024)
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

SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

APP_TITLE = _("Counterpart")
