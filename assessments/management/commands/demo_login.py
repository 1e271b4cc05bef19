"""Create or update the demo staff login that scripts/run prints; never with production settings."""

import os
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class Command(BaseCommand):
    help = (
        "Create or update a staff superuser for local use and print its login. The password comes "
        "from DEMO_PASSWORD, else from var/demo_password (generated once, so it stays stable)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="demo")
        parser.add_argument("--base-url", default="http://127.0.0.1:8000")
        parser.add_argument(
            "--force", action="store_true", help="Run even though DEBUG is False (production)."
        )

    def handle(self, *args, username, base_url, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Refusing to create a demo login with DEBUG off (production settings); "
                "use createsuperuser, or --force if you really mean it."
            )
        password = os.environ.get("DEMO_PASSWORD") or self._stored_password()
        user_model = get_user_model()
        # Idempotent: running it again resets the same account to the same password.
        with transaction.atomic():
            user, created = user_model._default_manager.get_or_create(
                **{user_model.USERNAME_FIELD: username}
            )
            user.is_active = user.is_staff = user.is_superuser = True
            user.set_password(password)
            user.save()
        self.stdout.write(
            f"Admin: {base_url.rstrip('/')}/admin/  user: {username}  password: {password}"
            + ("  (created)" if created else "")
        )

    def _stored_password(self) -> str:
        path = settings.VAR_DIR / "demo_password"
        if path.exists() and (stored := path.read_text().strip()):
            return stored
        password = secrets.token_urlsafe(12)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600)
        path.write_text(password + "\n")
        return password
