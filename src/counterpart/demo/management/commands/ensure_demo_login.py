from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from counterpart.demo.users import DEMO_PASSWORD, ensure_demo_users


class Command(BaseCommand):
    help = "Create (or reset) the demo logins and print their user names and password."

    def handle(self, *args: Any, **options: Any) -> None:
        users = ensure_demo_users()
        self.stdout.write(self.style.SUCCESS(f"Demo logins (password for all: {DEMO_PASSWORD}):"))
        for username, description in users:
            self.stdout.write(f"  {username:<12} {description}")
