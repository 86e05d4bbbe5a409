"""Settings of the Junheng web app, all from the environment (see README: 部署 / Deployment).

JUNHENG_DEBUG            1 for development (never in production)
JUNHENG_SECRET_KEY       required unless JUNHENG_DEBUG=1
DATABASE_URL             postgres://user@host:5432/name; embedded SQLite in var/ when absent
JUNHENG_ALLOWED_HOSTS    comma-separated host names
JUNHENG_DATA_DIR         where SQLite, uploaded files and collected static files live (var/)
JUNHENG_HTTPS            1 (default when not debugging): HTTPS-only cookies, HSTS, redirect
JUNHENG_DEMO             1 to allow the demo county and its demo accounts
JUNHENG_TASKS_BACKEND    database (default), redis or immediate: the queue of background jobs
JUNHENG_REDIS_URL        the Redis of JUNHENG_TASKS_BACKEND=redis (redis://127.0.0.1:6379/0);
                         when set, the cache's too (unless JUNHENG_CACHE_URL is)
JUNHENG_CACHE_URL        redis://… : the cache every worker shares (login and request limits,
                         evaluations); without it and JUNHENG_REDIS_URL, the database (table
                         junheng_cache, created by `migrate`)
JUNHENG_API_TOKEN_RATE   API token requests allowed per client address (30/hour)
JUNHENG_LOGIN_FAILURE_LIMIT, JUNHENG_LOGIN_ADDRESS_FAILURE_LIMIT, JUNHENG_LOGIN_COOLOFF_MINUTES
                         failed logins that lock a user name from one address (5), an address
                         across all names (20), and for how long (15 minutes)
JUNHENG_JOBS_STALE_MINUTES  a running job silent this long was left by a stopped worker (30)
JUNHENG_EMAIL_URL-style settings are plain Django: EMAIL_HOST, EMAIL_PORT, DEFAULT_FROM_EMAIL
"""

from __future__ import annotations

import importlib.util
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from junheng.site.env import env_bool, env_int, env_list, env_str
from junheng.site.security import (
    CROSS_ORIGIN_OPENER_POLICY,
    FRAME_OPTIONS,
    REFERRER_POLICY,
    static_file_headers,
)

PACKAGE_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = PACKAGE_DIR.parent.parent
DATA_DIR = Path(env_str("JUNHENG_DATA_DIR", str(PROJECT_DIR / "var"))).resolve()

DEBUG = env_bool("JUNHENG_DEBUG", False)
DEMO = env_bool("JUNHENG_DEMO", False)
HTTPS = env_bool("JUNHENG_HTTPS", not DEBUG)


def _secret_key() -> str:
    configured = env_str("JUNHENG_SECRET_KEY", "")
    if configured:
        return configured
    if not DEBUG:
        env_str("JUNHENG_SECRET_KEY")  # raises ImproperlyConfigured with the variable's name
    # development: one random key kept beside the database, never a key written in the code
    path = DATA_DIR / "secret-key"
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("JUNHENG_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG or DEMO else "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "axes",
    "junheng.access",
    "junheng.accounts",
    "junheng.registry",
    "junheng.audit",
    "junheng.collection",
    "junheng.dashboards",
    "junheng.api",
    "junheng.checklists",
    "junheng.rectification",
    "junheng.inspections",
    "junheng.bulletins",
    "junheng.surveys",
    "junheng.selfreport",
    "junheng.maintenance",
    "junheng.recognition",
    "junheng.ledgers",
    "django_tasks",
    "django_tasks_db",
    "junheng.jobs",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "junheng.site.security.ContentSecurityPolicyMiddleware",
    "junheng.api.middleware.JsonErrorsUnderApiMiddleware",
    "junheng.site.nul_characters.RefuseNulCharactersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "junheng.site.security.ChineseByDefaultMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "junheng.site.urls"
WSGI_APPLICATION = "junheng.site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "junheng.site.context.site",
            ],
        },
    },
]

_database_url = env_str("DATABASE_URL", "")
if _database_url:
    DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=60)}
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "junheng.sqlite3",
            "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboards:home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login (web and API token): 5 failures for one user name from one address lock that name
# there, 20 failures from one address across all names lock the address, for 15 minutes;
# counted in the database every worker shares (junheng.accounts.lockout).
AXES_FAILURE_LIMIT = env_int("JUNHENG_LOGIN_FAILURE_LIMIT", 5)
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("JUNHENG_LOGIN_ADDRESS_FAILURE_LIMIT", 20)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("JUNHENG_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "junheng.accounts.lockout.LoginLockoutHandler"
AXES_USERNAME_CALLABLE = "junheng.accounts.lockout.recorded_username"
AXES_CLIENT_IP_CALLABLE = "junheng.site.addresses.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
# static files carry the headers of the pages (CSP, nosniff, frame and referrer policies)
WHITENOISE_ADD_HEADERS_FUNCTION = static_file_headers
WHITENOISE_ALLOW_ALL_ORIGINS = False
# Uploaded files live outside the web root and are served only through permission-checked views.
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/media-not-served/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
IMPORT_MAX_BYTES = env_int("JUNHENG_IMPORT_MAX_BYTES", 20 * 1024 * 1024)
CHECKLIST_EVIDENCE_MAX_BYTES = env_int("JUNHENG_EVIDENCE_MAX_BYTES", 50 * 1024 * 1024)
# the address respondents' phones open from a survey's QR code (when staff use an intranet name)
SURVEY_PUBLIC_URL = env_str("JUNHENG_SURVEY_PUBLIC_URL", "")

# requests per authenticated user; api_token: token requests per client address
# (api.views.auth, 30/hour unless JUNHENG_API_TOKEN_RATE says otherwise)
THROTTLE_RATES = {"user": "2000/hour"}
if env_str("JUNHENG_API_TOKEN_RATE", ""):
    THROTTLE_RATES["api_token"] = env_str("JUNHENG_API_TOKEN_RATE")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "junheng.api.pagination.Pages",
    "EXCEPTION_HANDLER": "junheng.api.errors.api_exception_handler",
    "PAGE_SIZE": 100,
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.UserRateThrottle"],
    "DEFAULT_THROTTLE_RATES": THROTTLE_RATES,
    # how many proxies stand before the app: throttling trusts X-Forwarded-For only that deep
    "NUM_PROXIES": env_int("JUNHENG_NUM_PROXIES", 0),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Junheng API",
    "DESCRIPTION": "均衡 Junheng: schools, yearly school data and evaluation results",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # request bodies as components of their own (`…Request`): without read-only fields, closed
    # where the API refuses unknown keys
    "COMPONENT_SPLIT_REQUEST": True,
}

# The cache every worker shares, so that the limits counted in it (the API's throttles, the
# survey form's rate limits) hold across gunicorn workers: Redis when JUNHENG_CACHE_URL (or
# JUNHENG_REDIS_URL) names one (install the `redis` extra), the database otherwise (its table
# is created by `migrate`, accounts.0002_cache_table, or `manage.py createcachetable`).
CACHE_URL = env_str("JUNHENG_CACHE_URL", "") or env_str("JUNHENG_REDIS_URL", "")
CACHE_TABLE = "junheng_cache"
if CACHE_URL:
    if not CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(
            f"JUNHENG_CACHE_URL={CACHE_URL!r} is not a Redis URL (redis://host:6379/1)"
        )
    if importlib.util.find_spec("redis") is None:
        raise ImproperlyConfigured(
            "a Redis cache needs the redis package: install Junheng with the `redis` extra"
        )
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "junheng",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": CACHE_TABLE,
            # the default (300 entries) would cull counts of a busy hour
            "OPTIONS": {"MAX_ENTRIES": 100_000, "CULL_FREQUENCY": 4},
        }
    }

# Background jobs (junheng.jobs) on django-tasks. JUNHENG_TASKS_BACKEND chooses the queue:
#   database   (default) the task rows live in the database; `manage.py db_worker` runs them
#   redis      RQ on JUNHENG_REDIS_URL (install the `redis` extra); `manage.py rqworker
#              --job-class django_tasks_rq.Job` runs them
#   immediate  each job runs inside the request that starts it (tests, debugging)
TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "redis": "django_tasks_rq.RQBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
TASKS_BACKEND = env_str("JUNHENG_TASKS_BACKEND", "database")
if TASKS_BACKEND not in TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"JUNHENG_TASKS_BACKEND={TASKS_BACKEND!r} is not one of {', '.join(TASK_BACKENDS)}"
    )
TASKS = {"default": {"BACKEND": TASK_BACKENDS[TASKS_BACKEND], "QUEUES": ["default"]}}
if TASKS_BACKEND == "redis":
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {
        "default": {
            "URL": env_str("JUNHENG_REDIS_URL", "redis://127.0.0.1:6379/0"),
            "DEFAULT_TIMEOUT": 3600,  # seconds one job may run (RQ's default is 180)
        }
    }
# a job that has shown no sign of life (progress) for this long was left by a stopped worker:
# `manage.py fail_stale_jobs` marks it failed
JOBS_STALE_MINUTES = env_int("JUNHENG_JOBS_STALE_MINUTES", 30)

# Security headers; HTTPS-only behaviour unless JUNHENG_HTTPS=0 (local demo, tests).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = REFERRER_POLICY
SECURE_CROSS_ORIGIN_OPENER_POLICY = CROSS_ORIGIN_OPENER_POLICY
X_FRAME_OPTIONS = FRAME_OPTIONS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 60 * 60
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
CSRF_TRUSTED_ORIGINS = env_list("JUNHENG_CSRF_TRUSTED_ORIGINS")

EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "junheng@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
