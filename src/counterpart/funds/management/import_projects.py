"""`counterpart import-projects FILE --pairing ID --year YYYY [--unit 元|万元] [--date DATE] [--dry-run]`:
import a county's allocation or project table (.xlsx or .csv) into the pairing's project library. Every
error is printed with its row and column (and written to --error-report); nothing is written unless the
whole table is valid. `--dry-run` prints what would be written — rows, projects, places, the total in yuan,
the totals check — writes nothing, and exits non-zero only on errors. Warnings (a place outside the helped
region, a unit no organization has) never stop the import. The web upload runs the same check and write as
a background job (`funds.jobs`). (The command module is `commands/import-projects.py`, named for the
command line.)"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from counterpart.core.cli import ProgressBar, user_from_options
from counterpart.core.tabular import RowError, write_error_report
from counterpart.funds.importers import (
    ImportCheck,
    ImportFailed,
    draft_regions,
    projects_import,
    summary_lines,
)
from counterpart.funds.tables import UNIT_CHOICES
from counterpart.pairings.models import Pairing


def _row_line(error: RowError) -> str:
    return _("row %(row)s\t%(column)s\t%(value)s\t%(reason)s") % {
        "row": error.row,
        "column": error.column,
        "value": error.value,
        "reason": error.reason,
    }


class Command(BaseCommand):
    help = "Import an allocation or project table (.xlsx or .csv) into a pairing's project library."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.description = _(
            "Import an allocation or project table (.xlsx or .csv) into a pairing's project library."
        )
        parser.add_argument("file", type=Path)
        parser.add_argument("--pairing", type=int, required=True, help=_("The pairing (id)."))
        parser.add_argument("--year", type=int, required=True, help=_("The year of the funds."))
        parser.add_argument(
            "--unit",
            choices=UNIT_CHOICES,
            default="",
            help=_("The unit of amounts the table does not state (元 or 万元)."),
        )
        parser.add_argument(
            "--date",
            type=dt.date.fromisoformat,
            help=_("The date of the allocation, in the year (default: 1 January)."),
        )
        parser.add_argument("--dry-run", action="store_true", help=_("Check and print; write nothing."))
        parser.add_argument("--error-report", type=Path, help=_("Write every error and warning to this CSV."))
        parser.add_argument("--user", help=_("Act as this user (default: system import, no scope check)."))
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(_("%(path)s: no such file.") % {"path": path})
        pairing = Pairing.objects.select_related("helped_region").filter(pk=options["pairing"]).first()
        if pairing is None:
            raise CommandError(_("--pairing %(id)s: no such pairing.") % {"id": options["pairing"]})
        if pairing.helped_region_id is None:
            raise CommandError(
                _("--pairing %(id)s has no helped region to find the places in.") % {"id": pairing.pk}
            )
        actor = user_from_options(options) if options.get("user") else None
        progress = None if options["no_progress"] or options["dry_run"] else ProgressBar(sys.stderr)
        try:
            check, created = projects_import(
                actor=actor,
                source=path,
                pairing=pairing,
                year=options["year"],
                unit=options["unit"],
                date=options.get("date"),
                dry_run=options["dry_run"],
                progress=progress,
            )
        except ImportFailed as failure:
            if progress:
                progress.finish()
            self._report(failure.check, options.get("error_report"))
            raise CommandError(failure.messages[0]) from failure
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from exc
        if progress:
            progress.finish()
        self._report(check, options.get("error_report"))
        if options["dry_run"]:
            self._print_drafts(check)
            self.stdout.write(_("Dry run: nothing was written."))
            return
        self.stdout.write(
            _("Imported %(n)s projects into the library of pairing %(pairing)s for %(year)s.")
            % {"n": len(created), "pairing": pairing.pk, "year": check.year}
        )

    def _print_drafts(self, check: ImportCheck) -> None:
        regions = draft_regions(check)
        for draft in check.drafts:
            places = "、".join(regions.get(pk, "") for pk in draft.places) or draft.places_text or "—"
            self.stdout.write(
                _("row %(row)s\t%(title)s\t%(places)s\t%(amount)s 元")
                % {
                    "row": draft.row.row,
                    "title": draft.title,
                    "places": places,
                    "amount": f"{draft.row.amount or 0:,.2f}",
                }
            )
        for line in summary_lines(check, regions=regions):
            self.stdout.write(line)

    def _report(self, check: ImportCheck, report: Path | None) -> None:
        for error in check.errors:
            self.stderr.write(_row_line(error))
        for warning in check.warnings:
            self.stderr.write(_("warning: %(line)s") % {"line": _row_line(warning)})
        if check.table.unknown_columns:
            self.stderr.write(
                _("Unknown columns (ignored): %(columns)s")
                % {"columns": "、".join(check.table.unknown_columns)}
            )
        if report is not None:
            rows = [(e.row, e.column, e.value, e.reason) for e in [*check.errors, *check.warnings]]
            write_error_report(report, rows)
            self.stderr.write(_("Error report: %(path)s") % {"path": report})
