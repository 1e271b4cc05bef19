"""The Celery application: `celery -A config worker -B` starts a worker with beat."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("maple_assess")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
