from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "assessments"

    def ready(self) -> None:
        from corsheaders.signals import check_request_enabled

        from config.security import cors_for_embed_origins

        check_request_enabled.connect(cors_for_embed_origins, dispatch_uid="embed-origins")
        # Registers the Celery tasks in every process: services start them by name (jobs.py).
        from . import tasks  # noqa: F401
