"""The one settings module: the environment is the only switch (STYLE.md §2.9)."""

from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")  # optional; the real environment wins

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="django-insecure-dev-only-change-me")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "treebeard",
    "simple_history",
    "django_htmx",
    "axes",
    "bootstrap",
    "csp",
    "core",
    "councils",
    "sessions.apps.SessionsConfig",
    "oversight",
    "resolutions",
    "followups",
    "voters",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

# Request bodies: fields stay in memory up to 2.5 MB, files above 2.5 MB go to a temporary file;
# a body over the upload limit is refused from its Content-Length (core.middleware).
DATA_UPLOAD_MAX_MEMORY_SIZE = FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

ROOT_URLCONF = "hdnd.urls"
WSGI_APPLICATION = "hdnd.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
            "builtins": ["core.templatetags.dates"],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
# What PostgreSQL needs for this workload, set here and only here (README, Production), on the
# application's connections only, added to any options given in DATABASE_URL (issue 10):
# - jit=off: the lists' queries are short index walks; JIT compiling them cost up to 150 ms each
#   at national size and never paid back;
# - cursor_tuple_fraction=1: the only server-side cursors are QuerySet.iterator()'s, and those
#   (the exports) read every row; planned for the default first 10 %, the register's export
#   scanned a whole index backwards, 5 times slower than the plan for all rows.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = (
        f"{_options.get('options', '')} -c jit=off -c cursor_tuple_fraction=1".strip()
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
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

# Login throttling: five failures lock the username for this address for an hour.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_LOCKOUT_CALLABLE = "core.authentication.lockout_response"  # JSON for /api/token/

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["hdnd.formats"]

STATIC_URL = "static/"
# collectstatic writes here; the browser suite (e2e/) collects into a directory of its own.
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
# "fonts/": the PDFs' font (Tinos, Times-metric with full Vietnamese) from the npm package that
# `make install` puts in node_modules (package.json), served and embedded from there, no CDN.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("fonts", BASE_DIR / "node_modules" / "@fontsource" / "tinos" / "files"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Uploaded files live outside the web root and are served only through views that check scope.
MEDIA_ROOT = Path(env.str("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "private-media")))

REDIS_URL = env.str("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL  # no Redis: tasks run in-process
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
# Jobs survive a killed worker: acknowledged only when done, handed back when the worker dies,
# one at a time per worker (a dying worker holds no others), and Redis redelivers an unacknowledged
# job only after the visibility timeout, which must exceed the longest run or a slow job runs twice.
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=15 * 60)
CELERY_TASK_SOFT_TIME_LIMIT = CELERY_TASK_TIME_LIMIT * 2 // 3
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_TASK_TIME_LIMIT + max(10, CELERY_TASK_TIME_LIMIT // 10),
    "unacked_restore_throttle": 1,  # look for abandoned jobs every 10 s, not every 100 s
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# A session's results PDF is built in the background when its results change, so a reader is served
# from the cache (core.pdf.cached_pdf). Only with a worker: in-process, the clerk's save would wait.
SESSION_RESULTS_PREBUILD = env.bool("SESSION_RESULTS_PREBUILD", default=bool(REDIS_URL))
CELERY_BEAT_SCHEDULE = {
    "purge-exports": {"task": "core.tasks.purge_exports_task", "schedule": 24 * 60 * 60},
    "fail-stalled-exports": {"task": "core.tasks.fail_stalled_exports_task", "schedule": 5 * 60},
    "fail-stalled-imports": {"task": "voters.tasks.fail_stalled_imports_task", "schedule": 5 * 60},
    "purge-view-log": {"task": "core.tasks.purge_view_log_task", "schedule": 24 * 60 * 60},
    # At 07:00 in CELERY_TIMEZONE (Asia/Ho_Chi_Minh): reminders, then the e-mail digest.
    "followup-reminders": {
        "task": "followups.tasks.followup_reminders_task",
        "schedule": crontab(hour=7, minute=0),
    },
}
# E-mail: the daily digest of notifications goes out only where a mail server is configured
# (EMAIL_HOST) or NOTIFY_EMAIL_DIGEST says so (a console or file backend, for a trial).
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="")
EMAIL_PORT = env.int("EMAIL_PORT", default=587)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=True)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="hdnd@localhost")
NOTIFY_EMAIL_DIGEST = env.bool("NOTIFY_EMAIL_DIGEST", default=bool(EMAIL_HOST))
# The address the digest's links start with ("https://hdnd.example.vn"); without it, no links.
SITE_URL = env.str("SITE_URL", default="").rstrip("/")

# How long the log of who viewed letters and personal data is kept (core.viewlog).
VIEW_LOG_KEEP_DAYS = env.int("VIEW_LOG_KEEP_DAYS", default=365)
# Exports (Excel) of more rows than this are built by a worker, not in the request (counted only
# up to it). 5 000 keeps the at-once export under 1 s on the 2-core reference machine even when
# busy (bench/export_speed.py, national data, load average 10: 4 500 rows 0.6 s, 6 900 rows
# 0.9 s, 9 000 rows 1.0 s; about half the time goes to the query, not to writing rows).
EXPORT_SYNC_ROWS = env.int("EXPORT_SYNC_ROWS", default=5000)

if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "core.authentication.ExpiringTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # Numbered first pages, signed cursors after, counts capped (core/pagination.py, issue 10).
    "DEFAULT_PAGINATION_CLASS": "core.pagination.ListPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "core.api.ApiSchema",
    "EXCEPTION_HANDLER": "core.api.exception_handler",
    "DATE_FORMAT": "iso-8601",  # "%Y-%m-%d" writes year 517 as "517"
    # The client address is REMOTE_ADDR unless API_NUM_PROXIES trusted proxies add X-Forwarded-For
    # (a client-sent header must not pick its own throttle bucket).
    "NUM_PROXIES": env.int("API_NUM_PROXIES", default=0),
    # Sign-in at /api/token/ (core.tokens): per account name and per client address.
    "DEFAULT_THROTTLE_RATES": {
        "token_account": env.str("API_TOKEN_RATE_ACCOUNT", default="10/min"),
        "token_address": env.str("API_TOKEN_RATE_ADDRESS", default="30/min"),
    },
}
API_TOKEN_LIFETIME_HOURS = env.int("API_TOKEN_LIFETIME_HOURS", default=10)
SPECTACULAR_SETTINGS = {
    "TITLE": "HĐND API",
    "DESCRIPTION": "Councils, terms, delegates and agencies, scoped to the caller's councils.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI from the installed sidecar package: no CDN on closed intranets.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# A strict Content-Security-Policy: no inline script, handler or style anywhere in our pages.
# The Swagger UI alone relaxes styles (hdnd/urls.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}
CSRF_FAILURE_VIEW = "core.views.csrf_failure_view"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 10  # one working day
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}

# Covering indexes (INCLUDE columns) serve the national lists on PostgreSQL; SQLite, the embedded
# default, builds them without the extra columns, which is all it needs for its size.
SILENCED_SYSTEM_CHECKS = ["models.W040"]
