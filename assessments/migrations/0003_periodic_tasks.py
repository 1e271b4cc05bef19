"""The beat schedule lives in the database (django-celery-beat), so staff can change it in the admin."""

import json

from django.db import migrations

# task name -> (minutes between runs, description)
SCHEDULE = {
    "assessments.tasks.requeue_stuck": (
        1,
        "Re-queue assessments stuck in received/scoring and emails stuck in queued/sending",
    ),
    "assessments.tasks.erase_expired_leads": (
        24 * 60,
        "Erase the personal data of leads past the retention period",
    ),
    "assessments.tasks.purge_expired_drafts": (24 * 60, "Delete saved wizard drafts past expiry"),
}


def add_schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for task, (minutes, description) in SCHEDULE.items():
        interval, _ = IntervalSchedule.objects.get_or_create(every=minutes, period="minutes")
        PeriodicTask.objects.update_or_create(
            name=description,
            defaults={"task": task, "interval": interval, "kwargs": json.dumps({})},
        )


def remove_schedule(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(task__in=SCHEDULE).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0002_leads_outbox_routing_site"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(add_schedule, remove_schedule)]
