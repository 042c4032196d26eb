from __future__ import annotations

from typing import Any, cast

from django.core.management.base import BaseCommand, CommandParser

from counterpart.agreements.selectors import stalled_count_by_pairing
from counterpart.core.cli import add_user_argument, render_rows, user_from_options
from counterpart.pairings.selectors import pairing_list


class Command(BaseCommand):
    help = "List the pairings a user sees, with their meetings, agreements and stalled agreements."

    def add_arguments(self, parser: CommandParser) -> None:
        add_user_argument(parser)
        parser.add_argument("--search", default="", help="Text to look for in the names of either side.")
        parser.add_argument("--json", action="store_true", help="Print JSON instead of a table.")

    def handle(self, *args: Any, **options: Any) -> None:
        user = user_from_options(options)
        stalled = stalled_count_by_pairing(user=user)
        rows = [
            (
                p.pk,
                str(p.helper),
                str(p.helped),
                p.get_level_display(),
                p.parent_id,
                p.meeting_count,
                p.agreement_count,
                stalled.get(p.pk, 0),
            )
            for p in cast(Any, pairing_list(user=user, search=options["search"]))
        ]
        headers = ("id", "helper", "helped", "level", "parent", "meetings", "agreements", "stalled")
        self.stdout.write(render_rows(headers, rows, as_json=options["json"]))
