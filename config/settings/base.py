"""Settings shared by every environment; everything that differs comes from the environment."""

from pathlib import Path

import environ
from corsheaders.defaults import default_headers
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="insecure-local-key-change-me")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "formtools",
    "simple_history",
    "django_celery_beat",
    "django_celery_results",
    "django_ratelimit",
    "axes",
    "csp",
    "corsheaders",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "occupations",
    "programs",
    "assessments",
]

MIDDLEWARE = [
    "config.logging.RequestIdMiddleware",
    "corsheaders.middleware.CorsMiddleware",  # before anything that may answer (413, 429)
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "config.security.RequestSizeMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "config.security.EmbedFrameAncestorsMiddleware",  # after CSP and X-Frame-Options
    "config.security.RatelimitedMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

# Content-Security-Policy: no inline or third-party script anywhere. Framing is refused, except
# that the public form pages may be framed by the sites a consultancy lists (EMBED_ALLOWED_ORIGINS
# and the site settings' embed origins: config.security.EmbedFrameAncestorsMiddleware).
EMBED_ALLOWED_ORIGINS = env.list("EMBED_ALLOWED_ORIGINS", default=[])
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'unsafe-inline'"],  # the admin sets a few style attributes
        "img-src": [SELF, "data:", "https:"],  # the consultancy's logo (SiteSettings.logo_url)
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# CORS (django-cors-headers), on the JSON API only: a consultancy's own site calls it from the
# browser when its origin is listed here or in the embed origins (EMBED_ALLOWED_ORIGINS, the site
# settings': config.security.cors_for_embed_origins). Other origins get no CORS headers, and
# since the API takes only application/json (415 otherwise), their browsers cannot post to it.
CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=[])
CORS_URLS_REGEX = r"^/api/v1/"
CORS_ALLOW_METHODS = ["GET", "POST", "OPTIONS"]
CORS_ALLOW_HEADERS = [*default_headers, "idempotency-key"]
CORS_EXPOSE_HEADERS = ["Retry-After"]

# The client's address (config.security.client_ip, used by every per-IP limit and the admin
# lockout): behind N proxies of ours, the N-th address from the right of X-Forwarded-For. 0
# (the default) never reads the header, which anyone can send; `./scripts/run` and a server
# reached directly need 0, docker-compose behind one TLS proxy 1.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
RATELIMIT_IP_META_KEY = "config.security.client_ip"

# Staff logins: locked for an hour after 5 failures for one username from one client address,
# both together, so that nobody can lock a username for everyone (django-axes).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "config.security.client_ip"  # the same address as the rate limits
AXES_LOCKOUT_CALLABLE = "config.security.admin_lockout"  # 429 page with Retry-After
# A refused `next=` (another site) falls back here, not to Django's /accounts/profile/ (a 404).
LOGIN_REDIRECT_URL = "admin:index"
AXES_VERBOSE = False
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)  # staff sign in again each day

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "assessments.branding.branding",
            ],
        },
    },
]


def shared_sqlite(database: dict) -> dict:
    """SQLite opened by several processes at once (the web server and the worker's pool).

    A write transaction starts with BEGIN IMMEDIATE, so a second writer waits up to `timeout`
    seconds for the lock; with SQLite's default (BEGIN DEFERRED) a transaction that read first
    and then writes fails at once with "database is locked", whatever the timeout. WAL lets
    readers go on while one process writes; synchronous=NORMAL is WAL's usual pairing (a power
    cut may lose the last commits, never corrupt the file). Other engines are left as they are.
    """
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database.setdefault("OPTIONS", {}).update(
            transaction_mode="IMMEDIATE",
            timeout=30,
            init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
        )
    return database


DATABASES = {
    "default": shared_sqlite(env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("fr", "Français")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]  # French thousands: a narrow no-break space
TIME_ZONE = "America/Toronto"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Email: files under var/mail by default; EMAIL_URL (smtp://user:pass@host:port) switches to SMTP.
EMAIL_MAIL_DIR = VAR_DIR / "mail"
_email = env.email_url("EMAIL_URL", default="filemail://")
if _email["EMAIL_BACKEND"] == "django.core.mail.backends.filebased.EmailBackend" or env(
    "EMAIL_URL", default=""
).startswith("filemail"):
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = EMAIL_MAIL_DIR
else:
    vars().update(_email)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Maple Assess <no-reply@localhost>")
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
# Links in emails point here (the worker has no request to build them from).
PUBLIC_BASE_URL = env("PUBLIC_BASE_URL", default="http://localhost:8000")
# New-lead emails go here when no routing rule matches and the site settings name no address.
LEADS_DEFAULT_EMAIL = env("LEADS_DEFAULT_EMAIL", default="leads@localhost")
OUTBOX_MAX_TRIES = env.int("OUTBOX_MAX_TRIES", default=6)
OUTBOX_RETRY_BASE_SECONDS = env.float("OUTBOX_RETRY_BASE_SECONDS", default=10)
OUTBOX_RETRY_MAX_SECONDS = env.float("OUTBOX_RETRY_MAX_SECONDS", default=240)
# The sweeper re-queues assessments and emails that have not moved for this long.
STUCK_AFTER_MINUTES = env.int("STUCK_AFTER_MINUTES", default=5)
# IRCC's Express Entry rounds feed, read daily by programs.tasks.import_draws (empty: never).
EE_ROUNDS_FEED_URL = env(
    "EE_ROUNDS_FEED_URL",
    default="https://www.canada.ca/content/dam/ircc/documents/json/ee_rounds_123_en.json",
)

# Celery: kombu's filesystem transport under var/ by default, so no broker server is needed.
# (Its "localhost" is only a name: without one kombu warns on every connection it clones.)
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="filesystem://localhost/")
_broker_dir = Path(env("CELERY_BROKER_DIR", default=str(VAR_DIR / "broker")))
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {
        "data_folder_in": str(_broker_dir),
        "data_folder_out": str(_broker_dir),
        "control_folder": str(_broker_dir / "control"),  # else ./control in the working directory
    }
    if CELERY_BROKER_URL.startswith("filesystem")
    else {"visibility_timeout": 3600}
)
# Results are not kept, except failures (and retries): stored by django-celery-results so that
# staff see failed tasks, with their traceback, in the admin's "Task results".
CELERY_RESULT_BACKEND = "django-db"
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_STORE_ERRORS_EVEN_IF_IGNORED = True
CELERY_RESULT_EXTENDED = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Celery closes the database connection around every task unless told to keep it: a new
# PostgreSQL connection per task costs more CPU than most of our tasks. With this it recycles it
# every 250 tasks (it counts the closes before and after each), and config.celery_app drops a
# connection that saw an error at once.
CELERY_DB_REUSE_MAX = 500
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

# Cache: per-process memory by default; CACHE_URL (redis://...) shares it, as rate limits need.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
SILENCED_SYSTEM_CHECKS: list[str] = []
if CACHES["default"]["BACKEND"].endswith("LocMemCache"):
    SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]
elif CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # Django's own Redis cache increments atomically, which is all django-ratelimit needs.
    SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]
RATELIMIT_USE_CACHE = "default"
ASSESS_API_RATE = env("ASSESS_API_RATE", default="120/m")
# Per-IP limits of the public pages (config.security.limit_per_ip): a walk of the wizard is about
# 10-15 POSTs, so the default lets ~20 applicants an hour share one office address.
WIZARD_POST_RATE = env("WIZARD_POST_RATE", default="300/h")
RESUME_RATE = env("RESUME_RATE", default="30/h")
PRIVACY_RATE = env("PRIVACY_RATE", default="30/h")
# Save-for-later emails a link to any address typed: a few an hour per address is plenty.
SAVE_DRAFT_RATE = env("SAVE_DRAFT_RATE", default="10/h")
# Request size: a public body over this gets a 413 page before it is read; Django's own limits
# (a 400) back it up. The longest wizard step (30 jobs) is ~400 fields and a few KB.
MAX_REQUEST_BODY_BYTES = env.int("MAX_REQUEST_BODY_BYTES", default=512 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_REQUEST_BODY_BYTES
DATA_UPLOAD_MAX_NUMBER_FIELDS = env.int("DATA_UPLOAD_MAX_NUMBER_FIELDS", default=600)
SUBMIT_API_RATE = env("SUBMIT_API_RATE", default="30/h")

# Error reports to Sentry, off unless SENTRY_DSN is set; personal data scrubbed as in the logs.
SENTRY_DSN = env("SENTRY_DSN", default="")
if SENTRY_DSN:
    import sentry_sdk

    from config.logging import scrub_event

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        before_send=scrub_event,
        send_default_pii=False,  # no user, IP or cookies
        include_local_variables=False,  # a frame's locals hold answers the scrubber cannot spot
        max_request_body_size="never",
    )

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "config.logging.RequestIdFilter"},
        "personal_data": {"()": "config.logging.PersonalDataFilter"},
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "config.logging.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id", "personal_data"],
            "formatter": env("LOG_FORMAT", default="plain"),
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # Django's own console handler (DEBUG only) printed its records a second time, unformatted:
    # they go to the root's handler alone, at the same level.
    "loggers": {"django": {"handlers": [], "level": env("LOG_LEVEL", default="INFO")}},
}
