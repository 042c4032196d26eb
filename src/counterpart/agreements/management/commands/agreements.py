from __future__ import annotations

from typing import Any, cast

from django.core.management.base import BaseCommand, CommandParser

from counterpart.agreements.selectors import SORTS, agreement_list
from counterpart.core.cli import add_user_argument, render_rows, user_from_options


class Command(BaseCommand):
    help = (
        "List the agreements a user sees, filtered like the agreements page, with parties and stalled flag."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        add_user_argument(parser)
        parser.add_argument("--pairing", type=int, help="Pairing id (its sub-pairings included).")
        parser.add_argument(
            "--meeting", type=int, help="Meeting id (its parts, e.g. a signing ceremony, included)."
        )
        parser.add_argument(
            "--status", default="", help="signed, implementing, completed, stalled, terminated."
        )
        parser.add_argument("--year", type=int, help="Year signed.")
        parser.add_argument("--search", default="", help="Text in the title or a party's name.")
        parser.add_argument("--sort", default="-signed", choices=sorted(SORTS))
        parser.add_argument("--json", action="store_true", help="Print JSON instead of a table.")

    def handle(self, *args: Any, **options: Any) -> None:
        user = user_from_options(options)
        agreements = agreement_list(
            user=user,
            pairing_id=options["pairing"],
            meeting_id=options["meeting"],
            status=options["status"],
            year=options["year"],
            search=options["search"],
            sort=options["sort"],
        )
        rows = [
            (
                a.pk,
                a.signed_date,
                a.title,
                " / ".join(str(p.organization) for p in a.parties.all()),
                a.get_status_display(),
                "stalled" if a.is_stalled else "",
                a.last_report_date,
            )
            for a in cast(Any, agreements)
        ]
        headers = ("id", "signed", "title", "parties", "status", "flag", "last_report")
        self.stdout.write(render_rows(headers, rows, as_json=options["json"]))
