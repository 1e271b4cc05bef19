"""`python manage.py createconsultant <username> <email> [--manager] [--password ...]`: a staff
login in the Consultant group (or the Manager group), ready to use the leads dashboard."""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from assessments.leads import CONSULTANT_GROUP, MANAGER_GROUP


class Command(BaseCommand):
    help = "Create a staff user in the Consultant group (or Manager with --manager)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("email")
        parser.add_argument("--manager", action="store_true", help="in the Manager group")
        parser.add_argument(
            "--password", help="checked by the password validators; generated and printed if absent"
        )

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        User = get_user_model()
        username, email = options["username"], options["email"]
        if User.objects.filter(username=username).exists():
            raise CommandError(f"A user named {username!r} already exists.")
        group_name = MANAGER_GROUP if options["manager"] else CONSULTANT_GROUP
        try:
            group = Group.objects.get(name=group_name)
        except Group.DoesNotExist:
            raise CommandError(f"No {group_name} group: run `manage.py migrate` first.") from None
        password = options["password"] or secrets.token_urlsafe(12)
        user = User(username=username, email=email, is_staff=True)
        try:
            validate_password(password, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        user.set_password(password)
        user.save()
        user.groups.add(group)
        self.stdout.write(self.style.SUCCESS(f"Created {group_name.lower()} {username}."))
        if not options["password"]:
            self.stdout.write(f"Password: {password}")
