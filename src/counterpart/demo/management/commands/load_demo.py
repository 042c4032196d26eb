from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from counterpart.demo.loader import load_demo


class Command(BaseCommand):
    help = "Load the demo data drawn from the source reports (idempotent: a second run changes nothing)."

    def handle(self, *args: Any, **options: Any) -> None:
        created = load_demo(log=self.stdout.write)
        self.stdout.write(self.style.SUCCESS(f"Demo data: {created} records created."))
