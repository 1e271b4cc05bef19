"""Starting a Celery task from a service, without importing the task.

`tasks.py` is the layer above the services: each task loads by id and calls one of them. Some
services must start a task once their transaction commits (scoring a submission, sending or
retrying an email, a rescore run); they name it here instead of importing `tasks.py`, so imports
run one way (tasks -> services -> jobs). The name is looked up in Celery's registry of tasks,
which `AssessmentsConfig.ready()` fills in every process (web, worker, shell) by importing
`tasks.py`; so tests run the task in-process (CELERY_TASK_ALWAYS_EAGER) as before.
"""

from __future__ import annotations

from celery import current_app

SCORE_ASSESSMENT = "assessments.tasks.score_assessment"
SEND_OUTBOX_MESSAGES = "assessments.tasks.send_outbox_messages"
RESCORE_RUN = "assessments.tasks.rescore_run"
IMPACT_PREVIEW_RUN = "assessments.tasks.impact_preview_run"


def start(task_name: str, *args: object, countdown: float = 0) -> None:
    """Send the task `task_name` with `args` to the broker, to start in `countdown` seconds.
    Raises what the broker raises: the callers decide whether that is fatal."""
    current_app.tasks[task_name].apply_async(args, countdown=countdown)
