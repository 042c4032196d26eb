"""`counterpart import-households FILE`: check a registry file and, if every row is valid, write it.

Runs the same job function as the web upload's background task, in the foreground, with a progress bar on
stderr. Exit status 1 when the file is refused; the error report's path is printed. Every line is in the
user's language; a file that does not exist is one line and leaves no job behind.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from counterpart.core.cli import PlainErrors, ProgressBar
from counterpart.core.jobs import job_file
from counterpart.households.jobs import import_job_for_file, import_job_run
from counterpart.households.models import ImportJob


class Command(PlainErrors, BaseCommand):
    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        self.help = _(
            "Import a registry export (.csv or .xlsx, one row per member); "
            "nothing is written unless every row is valid."
        )
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help=_("The registry file (.csv or .xlsx)."))
        parser.add_argument(
            "--year",
            type=int,
            default=None,
            help=_(
                "Year of the incomes and guarantees; needed when the file does not say it (a 年度 or "
                "数据日期 column, the title, or a column such as 2021年人均纯收入)."
            ),
        )
        parser.add_argument(
            "--user", help=_("Import as this user (its regions are checked); default: system.")
        )
        parser.add_argument(
            "--generated", action="store_true", help=_("Mark the records as generated (demo/bench).")
        )
        parser.add_argument("--quiet", action="store_true", help=_("No progress bar."))

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("%(path)s: no such file.") % {"path": path})
        actor = None
        if options["user"]:
            from counterpart.core.cli import user_from_options

            actor = user_from_options(options)
        job = import_job_for_file(
            actor=actor, path=str(path), year=options["year"], generated=options["generated"]
        )
        bar = None if options["quiet"] else ProgressBar(sys.stderr, unit=_("rows"))
        job = import_job_run(job.pk, progress=bar)
        if bar:
            bar.finish()
        if job.ignored_columns:
            self.stderr.write(
                _("Columns not imported: %(columns)s")
                % {"columns": "; ".join(job.ignored_columns.splitlines())}
            )
        if job.unknown_columns:
            self.stderr.write(
                _("Unknown columns (ignored): %(columns)s")
                % {"columns": "、".join(job.unknown_columns.splitlines())}
            )
        if job.status != ImportJob.Status.DONE:
            if job.error_report:
                self.stderr.write(_("Error report: %(path)s") % {"path": job_file(job, job.error_report)})
            raise CommandError(job.message)
        self.stdout.write(job.message)
