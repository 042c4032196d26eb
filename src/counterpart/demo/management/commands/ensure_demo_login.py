from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from counterpart.demo import users as demo_users


class Command(BaseCommand):
    help = "Create (or reset) the demo logins and print their user names and password."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            users = demo_users.ensure_demo_users()
        except ValidationError as exc:
            raise CommandError("DEMO_PASSWORD is refused: " + " ".join(exc.messages)) from exc
        self.stdout.write(self.style.SUCCESS(f"Demo logins (password for all: {demo_users.DEMO_PASSWORD}):"))
        for username, description in users:
            self.stdout.write(f"  {username:<12} {description}")
