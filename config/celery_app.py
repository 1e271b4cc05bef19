"""The Celery application: `celery -A config worker -B` starts a worker with beat."""

import os

from celery import Celery, Task
from celery.signals import task_postrun

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("maple_assess")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@task_postrun.connect
def drop_broken_connections(sender: Task, **kwargs: object) -> None:
    """Close a database connection that saw an error or was left inside a transaction.

    The worker keeps its connection from task to task (CELERY_DB_REUSE_MAX); without this, a
    database restart would fail every task until the connection is recycled. Django makes the
    same checks at the end of each request.
    """
    from django.db import connections

    if sender.request.is_eager:  # in-process (tests): the caller's connection, not ours
        return
    for connection in connections.all(initialized_only=True):
        if connection.connection is not None and (
            connection.errors_occurred or not connection.get_autocommit()
        ):
            connection.close()
