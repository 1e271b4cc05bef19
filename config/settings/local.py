"""Local development: embedded defaults (SQLite, filesystem broker, emails as files under var/)."""

from .base import *  # noqa: F403
from .base import VAR_DIR

DEBUG = True

for _sub in ("mail", "broker", "broker/control"):
    (VAR_DIR / _sub).mkdir(parents=True, exist_ok=True)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
