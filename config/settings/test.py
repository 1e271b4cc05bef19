"""Tests: PostgreSQL when it answers (DATABASE_URL), SQLite otherwise; see tests/conftest.py."""

from .base import *  # noqa: F403
from .base import VAR_DIR, env

SECRET_KEY = "test-secret-key-not-for-production"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
STORAGES = {  # noqa: F405
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# MAPLE_TEST_DATABASE is decided by tests/conftest.py's service probe before Django starts.
DATABASES = {"default": env.db("MAPLE_TEST_DATABASE", default=f"sqlite:///{VAR_DIR / 'test.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
