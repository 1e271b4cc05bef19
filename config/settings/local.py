"""Local development: embedded defaults (SQLite, filesystem broker, emails as files under var/)."""

from pathlib import Path

from .base import *  # noqa: F403
from .base import VAR_DIR

DEBUG = True

(VAR_DIR / "mail").mkdir(parents=True, exist_ok=True)
for _key in ("data_folder_in", "control_folder"):  # the filesystem broker's (CELERY_BROKER_DIR)
    if _key in CELERY_BROKER_TRANSPORT_OPTIONS:  # noqa: F405
        Path(CELERY_BROKER_TRANSPORT_OPTIONS[_key]).mkdir(parents=True, exist_ok=True)  # noqa: F405

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
