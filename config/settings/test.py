"""Tests: PostgreSQL when scripts/test found it answering, SQLite under var/ otherwise."""

from .base import *  # noqa: F403
from .base import VAR_DIR, env, shared_sqlite

SECRET_KEY = "test-secret-key-not-for-production"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# scripts/test probes DATABASE_URL and exports MAPLE_TEST_DATABASE only when PostgreSQL answers;
# plain `pytest` therefore runs on SQLite, and tests/conftest.py skips the service tests.
DATABASES = {
    "default": shared_sqlite(
        env.db("MAPLE_TEST_DATABASE", default=f"sqlite:///{VAR_DIR / 'test.sqlite3'}")
    )
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True

# WhiteNoise warns (an error under filterwarnings=error) when STATIC_ROOT does not exist.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
