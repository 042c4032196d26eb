"""`counterpart import-households FILE`: check a registry file and, if every row is valid, write it.

Runs the same job function as the web upload's background task, in the foreground, with a progress bar on
stderr. Exit status 1 when the file is refused; the error report's path is printed.
"""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from counterpart.core.cli import ProgressBar
from counterpart.core.jobs import job_file
from counterpart.households.jobs import import_job_for_file, import_job_run
from counterpart.households.models import ImportJob


class Command(BaseCommand):
    help = (
        "Import a registry export (.csv or .xlsx, one row per member); "
        "nothing is written unless every row is valid."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")
        parser.add_argument(
            "--year", type=int, default=2020, help="Year of the incomes when the file has no 年度 column."
        )
        parser.add_argument("--user", help="Import as this user (its regions are checked); default: system.")
        parser.add_argument(
            "--generated", action="store_true", help="Mark the records as generated (demo/bench)."
        )
        parser.add_argument("--quiet", action="store_true", help="No progress bar.")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = None
        if options["user"]:
            from counterpart.core.cli import user_from_options

            actor = user_from_options(options)
        job = import_job_for_file(
            actor=actor, path=options["file"], year=options["year"], generated=options["generated"]
        )
        bar = None if options["quiet"] else ProgressBar(sys.stderr, unit="rows")
        job = import_job_run(job.pk, progress=bar)
        if bar:
            bar.finish()
        if job.unknown_columns:
            self.stderr.write("Unknown columns (ignored): " + ", ".join(job.unknown_columns.splitlines()))
        if job.status != ImportJob.Status.DONE:
            if job.error_report:
                self.stderr.write(f"Error report: {job_file(job, job.error_report)}")
            raise CommandError(job.message)
        self.stdout.write(job.message)
