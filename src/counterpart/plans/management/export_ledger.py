"""`counterpart export-ledger --list ID [--period 2018-06] [-o FILE]`: the ledger of a list for a period
(.xlsx with a summary-by-unit sheet, or .csv). The web runs the same `export_ledger` as a background task
(`plans.jobs`); here it runs in the foreground with a progress bar."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from counterpart.core.cli import ProgressBar, user_from_options
from counterpart.core.exports import write_csv
from counterpart.plans.exporters import LEDGER_HEADERS, export_ledger, ledger_rows
from counterpart.plans.models import ResponsibilityList


class _System:
    """The CLI without --user: reads everything (system work)."""

    is_authenticated = True
    is_active = True
    is_superuser = True


class Command(BaseCommand):
    help = "Export the ledger of a responsibility list for a period (.xlsx or .csv)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--list", dest="list_id", type=int, required=True)
        parser.add_argument("--period", help="YYYY-MM (default: this month).")
        parser.add_argument("-o", "--output", type=Path, help="Output file (.xlsx or .csv).")
        parser.add_argument("--user", help="Export what this user sees (default: everything).")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        rlist = ResponsibilityList.objects.filter(pk=options["list_id"]).first()
        if rlist is None:
            raise CommandError(f"--list {options['list_id']}: no such list.")
        period = None
        if options.get("period"):
            match = re.fullmatch(r"(\d{4})-(\d{1,2})", options["period"])
            if not match or not 1 <= int(match[2]) <= 12:
                raise CommandError("--period: use YYYY-MM.")
            period = (int(match[1]), int(match[2]))
        user = user_from_options(options) if options.get("user") else _System()
        output: Path = options.get("output") or Path(
            f"ledger-{rlist.pk}-{options.get('period') or 'now'}.xlsx"
        )
        progress = None if options["no_progress"] else ProgressBar(sys.stderr)
        if output.suffix.lower() == ".csv":
            with output.open("w", encoding="utf-8-sig", newline="") as stream:
                write_csv(
                    stream,
                    LEDGER_HEADERS,
                    ledger_rows(user=user, responsibility_list=rlist, period=period, progress=progress),
                )
        else:
            export_ledger(str(output), user=user, responsibility_list=rlist, period=period, progress=progress)
        if progress:
            progress.finish()
        self.stdout.write(f"Wrote {output}.")
