"""The two staff roles as groups, with their model permissions.

Managers get every permission of the apps that hold the rules, the leads and the schedule;
consultants get what triage needs: see and change leads (the admin narrows which ones), and add
and read notes and the status history. Outbox rows and the change history are shown to them only
inside a lead they may see, through the lead's own permissions, never as a global list.

Permissions are normally created after all migrations (post_migrate); they are created here first
so that a fresh database gets complete groups in one `migrate`.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

MANAGER_APPS = ["programs", "occupations", "assessments", "django_celery_beat"]
CONSULTANT_PERMISSIONS = [
    ("assessments", "view_assessment"),
    ("assessments", "change_assessment"),
    ("assessments", "add_leadnote"),
    ("assessments", "view_leadnote"),
    ("assessments", "view_leadstatuschange"),
]
GROUPS = ("Consultant", "Manager")


def add_groups(apps, schema_editor):
    for label in {"auth", "contenttypes", *MANAGER_APPS}:
        create_permissions(global_apps.get_app_config(label), apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    manager, _ = Group.objects.get_or_create(name="Manager")
    manager.permissions.add(*Permission.objects.filter(content_type__app_label__in=MANAGER_APPS))
    consultant, _ = Group.objects.get_or_create(name="Consultant")
    for app_label, codename in CONSULTANT_PERMISSIONS:
        consultant.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0003_periodic_tasks"),
        ("programs", "0001_initial"),
        ("occupations", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="assessment",
            options={
                "ordering": ["-submitted_at"],
                "permissions": [
                    ("view_all_leads", "Can see and assign every lead"),
                    ("export_leads", "Can export leads as CSV"),
                    ("erase_leads", "Can erase an applicant's personal data"),
                    ("view_lead_overview", "Can see the leads overview"),
                ],
            },
        ),
        migrations.RunPython(add_groups, remove_groups),
    ]
