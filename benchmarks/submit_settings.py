"""Settings of benchmarks/submit_to_result.py: the base settings with the services the
environment names (embedded defaults or PostgreSQL + Redis), DEBUG off, and a filesystem broker
folder of its own so that the tasks it queues (no worker runs) stay out of the developer's."""

from config.settings.base import *  # noqa: F403
from config.settings.base import CELERY_BROKER_URL, VAR_DIR

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if CELERY_BROKER_URL.startswith("filesystem"):
    _broker = VAR_DIR / "bench_submit" / "broker"
    (_broker / "control").mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker),
        "data_folder_out": str(_broker),
        "control_folder": str(_broker / "control"),
    }
