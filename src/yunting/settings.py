"""Django settings, read from the environment so one build runs on a laptop or a cluster.

Development needs nothing set: SQLite and files under ``var/``. Production
(``YUNTING_ENV=production``) refuses to start without ``SECRET_KEY`` and turns on the
transport-security settings that ``yunting check --deploy`` looks for.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
REPO_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("YUNTING_VAR_DIR", REPO_DIR / "var"))

ENV = os.environ.get("YUNTING_ENV", "development")
if ENV not in {"development", "production"}:
    raise ImproperlyConfigured("YUNTING_ENV must be 'production' or 'development'.")
PRODUCTION = ENV == "production"
TESTING = os.environ.get("YUNTING_TESTING") == "1" or "pytest" in sys.modules


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set when YUNTING_ENV=production.")
    SECRET_KEY = "dev-insecure-yunting-key-never-use-in-production-0123456789abcdef"  # noqa: S105

DEBUG = _env_bool("DEBUG", not PRODUCTION and not TESTING)
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get(
        "ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver"
    ).split(",")
    if h.strip()
]
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when YUNTING_ENV=production.")
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "yunting.core",
    "yunting.ledger",
    "yunting.accounts",
    "yunting.notify",
    "yunting.courts",
    "yunting.cases",
    "yunting.documents",
    "yunting.filing",
    "yunting.fees",
    "yunting.efile",
    "yunting.institutions",
    "yunting.service",
    "yunting.judgments",
    "yunting.hearings",
    "yunting.evidence",
    "yunting.mediation",
    "yunting.publication",
    "yunting.stats",
    "yunting.alerts",
    "yunting.portal",
    "yunting.workbench",
    "yunting.api",
    "yunting.demo",
]

MIDDLEWARE = [
    "yunting.core.clientip.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "yunting.core.middleware.ElderModeMiddleware",
    "axes.middleware.AxesMiddleware",
    "yunting.core.ratelimit.PublicPageRateLimitMiddleware",
    "yunting.institutions.keys.KeyRequestLogMiddleware",
]

ROOT_URLCONF = "yunting.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "yunting.accounts.context_processors.site",
                "yunting.workbench.context_processors.queues",
            ],
        },
    },
]
ASGI_APPLICATION = "yunting.asgi.application"
WSGI_APPLICATION = "yunting.wsgi.application"

# --- Database: SQLite file by default, DATABASE_URL for PostgreSQL -----------------------
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'yunting.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while the worker writes; IMMEDIATE makes writers queue
    # on the lock instead of failing with "database is locked" half-way through a service.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
# DB_POOL (PostgreSQL only): "on" (2 to 10 connections) or "MIN:MAX" — Django 5.2's psycopg
# connection pool, shared by the requests of one server process and safe under ASGI (each
# request borrows a connection and gives it back when it ends). Replaces DB_CONN_MAX_AGE.
DB_POOL = os.environ.get("DB_POOL", "").strip().lower()
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and DB_POOL not in {
    "",
    "0",
    "off",
    "false",
    "no",
}:
    _min, _sep, _max = DB_POOL.partition(":")
    _pool_min, _pool_max = (int(_min), int(_max)) if _sep else (2, 10)
    if not 0 <= _pool_min <= _pool_max or _pool_max < 1:
        raise ImproperlyConfigured("DB_POOL must be 'on' or 'MIN:MAX' with 0 <= MIN <= MAX.")
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # the pool keeps them; Django must not
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": _pool_min,
        "max_size": _pool_max,
        "timeout": float(os.environ.get("DB_POOL_TIMEOUT", "10")),
    }
if TESTING:
    # One test database per test process: parallel runs (developers, CI, xdist) never collide.
    _db = DATABASES["default"]
    if _db["ENGINE"] == "django.db.backends.sqlite3":
        _db["TEST"] = {"NAME": str(VAR_DIR / f"test-yunting-{os.getpid()}.sqlite3")}
    else:
        _db["TEST"] = {"NAME": f"test_{_db['NAME']}_{os.getpid()}"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: Redis when REDIS_URL is set, else process-local --------------------------------
# Parallel test workers (pytest-xdist) share one Redis database: each keeps its own cache keys
# and its own task queue, so one worker's cache clear or queue run never touches the other's.
_TEST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "") if TESTING else ""
_TEST_WORKER_SUFFIX = f"-{_TEST_WORKER}" if _TEST_WORKER else ""
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "yunting") + _TEST_WORKER_SUFFIX,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Background tasks: database queue by default, Redis (RQ) at scale ----------------------
if REDIS_URL and os.environ.get("YUNTING_TASKS", "rq") == "rq":
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {"default": {"URL": REDIS_URL}}
    if _TEST_WORKER:
        RQ_QUEUES["default"]["QUEUE_CLASS"] = "yunting.core.testing.WorkerQueue"
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# --- Files ---------------------------------------------------------------------------------
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"  # never served as such: stored files go out only through checked views
# Uploads: a request body (other than files) is held in memory up to 2.5 MB; a file past 2.5 MB
# is spooled to a temporary file, and core.files.read_upload reads at most its limit + 1 byte.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FILES = 20
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    # S3-compatible object storage (django-storages; credentials from AWS_ACCESS_KEY_ID /
    # AWS_SECRET_ACCESS_KEY as boto3 reads them). Files above 8 MB go as multipart uploads.
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "file_overwrite": True,  # content-addressed: same name, same bytes
        },
    }
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG
KEYS_DIR = Path(os.environ.get("YUNTING_KEYS_DIR", VAR_DIR / "keys"))
# The judicial chain (issue 22): the log's name in its C2SP checkpoints, and how many registered
# witnesses must cosign a head before it counts as witnessed.
YUNTING_LEDGER_ORIGIN = os.environ.get("YUNTING_LEDGER_ORIGIN", "yunting.court.invalid/ledger")
YUNTING_WITNESS_QUORUM = int(os.environ.get("YUNTING_WITNESS_QUORUM", "2"))

# --- Accounts & security -----------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "yunting.accounts.backends.PhoneOrEmailBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    # Argon2 costs ~0.1 s per hash by design; tests create hundreds of users.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", *PASSWORD_HASHERS]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# django-axes: the 6th wrong password for the same account from the same address is
# refused even if correct, for AXES_COOLOFF_TIME hours.
AXES_CLIENT_IP_CALLABLE = "yunting.core.clientip.client_ip"
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_VERBOSE = False

# Two-factor authentication for staff: required in production, optional in the demo.
YUNTING_STAFF_2FA_REQUIRED = _env_bool("YUNTING_STAFF_2FA_REQUIRED", PRODUCTION)
OTP_TOTP_ISSUER = "Yunting"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_SSL_REDIRECT = _env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Content Security Policy: everything is served from this origin (no CDN anywhere).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# --- Internationalisation: people see Simplified Chinese; English is complete --------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Email: SMTP to whatever EMAIL_HOST says (a loopback server in tests) -------------------
# Production and any configured relay use SMTP; a development machine without one writes each
# message to a file under var/mail, so the demo's mail can be read and nothing fails.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION or "EMAIL_HOST" in os.environ
    else "django.core.mail.backends.filebased.EmailBackend",
)
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "1025"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@court.example")

# SMS: the provider protocol of notify/sms.py (a relay to the operator's gateway); in the demo
# the local test provider (`yunting sms_test_provider`), which sends no real SMS.
YUNTING_SMS_URL = os.environ.get("YUNTING_SMS_URL", "")
YUNTING_SMS_KEY = os.environ.get("YUNTING_SMS_KEY", "")

# Reverse proxies whose X-Forwarded-For is believed (addresses or networks, comma-separated);
# empty: the connection's own address is the client (core/clientip.py).
YUNTING_TRUSTED_PROXIES = [
    p.strip() for p in os.environ.get("YUNTING_TRUSTED_PROXIES", "").split(",") if p.strip()
]
# Public pages limited per address like their API twins (anonymous visitors, per minute).
YUNTING_PUBLIC_PAGES = {
    "fees:calculator",
    "filing:interest_calculator",
    "filing:traffic_calculator",
    "fees:receipt_check",
    "documents:verify",
    "ledger:verify",
    "ledger:verify_proof_json",
    "ledger:verify_bundle",
    "ledger:verify_bundle_json",
    "ledger:chain",
    "accounts:password_reset",
    "accounts:password_reset_confirm",
    "publication:public_list",
    "publication:public_detail",
    "publication:public_pdf",
}
YUNTING_PUBLIC_PAGE_RATE = int(os.environ.get("YUNTING_PUBLIC_PAGE_RATE", "120"))
# Failed log-ins per account from all addresses together before it is held for AXES_COOLOFF
# (django-axes already locks each account-and-address pair after AXES_FAILURE_LIMIT).
YUNTING_ACCOUNT_FAILURE_CAP = int(os.environ.get("YUNTING_ACCOUNT_FAILURE_CAP", "20"))

# --- API ---------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "yunting.institutions.keys.InstitutionKeyAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "yunting.accounts.permissions.StaffSecondFactor",
        "yunting.institutions.keys.KeyScope",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "yunting.core.parsers.StrictJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    # ledger_witness: what the witnesses of other courts fetch and post (ledger/api.py)
    "DEFAULT_THROTTLE_RATES": {"anon": "120/min", "user": "1200/min", "ledger_witness": "6000/min"},
    "EXCEPTION_HANDLER": "yunting.core.api.exception_handler",
    # REMOTE_ADDR is already the real client (core.clientip.TrustedProxyMiddleware): never
    # read X-Forwarded-For again, so rotating it cannot escape a throttle.
    "NUM_PROXIES": 0,
}
# The v1 base view (core.api.ApiView) adds these to the per-user limit, and keeps
# Idempotency-Key answers with this module; core names them here rather than importing apps.
YUNTING_API_THROTTLES = ["yunting.institutions.keys.KeyRateThrottle"]
YUNTING_API_IDEMPOTENCY = "yunting.institutions.idempotency"
# Webhooks: seconds between a failed attempt and the next (then the delivery is failed), and
# how often each worker's periodic runner looks for retries that have fallen due.
YUNTING_WEBHOOK_RETRY_DELAYS = tuple(
    int(s) for s in os.environ.get("YUNTING_WEBHOOK_RETRY_DELAYS", "10,60,300,1800,7200").split(",")
)
YUNTING_WEBHOOK_SWEEP_SECONDS = float(os.environ.get("YUNTING_WEBHOOK_SWEEP_SECONDS", "30"))

SPECTACULAR_SETTINGS = {
    "TITLE": "Yunting API",
    "DESCRIPTION": "Whole-process online case handling for a people's court.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from the installed sidecar package, not a CDN: courts run on closed networks.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # One name for a choice set several fields share (admitted / disputed, per property).
    "ENUM_NAME_OVERRIDES": {"VerdictEnum": "yunting.evidence.models.Verdict"},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# The court whose name heads every page when no user-specific court applies.
YUNTING_SITE_COURT_CODE = os.environ.get("YUNTING_SITE_COURT_CODE", "")

# The public address of the court's site, printed on paper (the verification URL in every
# document's footer, the receipt check): a full URL, as a person types it from paper.
YUNTING_SITE_URL = os.environ.get("YUNTING_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# --- Hearings: signalling channel layer, ICE servers, SFU ---------------------------------
# In-memory channel layer (one process) by default; Redis when REDIS_URL is set, so several
# ASGI processes share the rooms.
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                # redis-py 8 reads with a 5 s socket timeout by default, the same length as
                # channels_redis's blocking BZPOPMIN: an idle room socket then dies with
                # "Timeout reading". The read timeout must outlast the blocking pop.
                "hosts": [{"address": REDIS_URL, "socket_timeout": 30}],
                "prefix": "yunting-asgi"
                + _TEST_WORKER_SUFFIX
                + (f"-{os.getpid()}" if TESTING else ""),
            },
        }
    }
else:
    # Channels' own, cleaning expired messages at most once a second (core/channel_layers.py)
    CHANNEL_LAYERS = {"default": {"BACKEND": "yunting.core.channel_layers.InMemoryChannelLayer"}}
YUNTING_STUN_URLS = os.environ.get("YUNTING_STUN_URLS", "").split()
YUNTING_TURN_URLS = os.environ.get("YUNTING_TURN_URLS", "").split()
YUNTING_TURN_SECRET = os.environ.get("YUNTING_TURN_SECRET", "")
YUNTING_LIVEKIT_KEY = os.environ.get("YUNTING_LIVEKIT_KEY", "")
YUNTING_LIVEKIT_SECRET = os.environ.get("YUNTING_LIVEKIT_SECRET", "")
